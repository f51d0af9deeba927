// "Mon compte": who I am, my second factors and recovery codes, my sessions.
import type { StaffAccount } from '@brigade/protocol';
import { useT } from '../../i18n/i18n.js';
import { FactorsSection } from './FactorsSection.js';
import { SessionsSection } from './SessionsSection.js';

export function AccountPage({ staff }: { staff: StaffAccount }) {
  const t = useT();
  return (
    <div>
      <h1 className="fr-h3">{t('account.title')}</h1>
      <p>
        {t('account.who', { name: `${staff.rank} ${staff.firstName}`, username: staff.username })}
        <br />
        {t('account.roles', { roles: staff.roles.map((r) => t(`role.${r}`)).join(', ') })}
      </p>
      <FactorsSection />
      <SessionsSection />
    </div>
  );
}
