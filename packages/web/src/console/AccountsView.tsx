// Admin: the staff accounts, and creating one.
import { staffListResponseSchema, type StaffAccount } from '@brigade/protocol';
import { useCallback, useEffect, useState } from 'react';
import { useT } from '../i18n/i18n.js';
import { api } from '../shared/api.js';
import { ErrorAlert } from '../shared/ErrorAlert.js';
import { CreateStaffForm } from './CreateStaffForm.js';

export function AccountsView() {
  const t = useT();
  const [staff, setStaff] = useState<readonly StaffAccount[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    api('GET', '/api/staff', { schema: staffListResponseSchema }).then(
      (response) => {
        setStaff(response.staff);
        setError(null);
      },
      (e: unknown) => setError(e),
    );
  }, []);
  useEffect(load, [load]);

  return (
    <div className="brigade-accounts">
      <h1 className="fr-h3">{t('accounts.title')}</h1>
      <ErrorAlert error={error} />
      <section aria-labelledby="accounts-list-title" className="fr-mb-6w">
        <h2 id="accounts-list-title" className="fr-h5">
          {t('accounts.list')}
        </h2>
        {staff === null ? (
          <p>{t('common.loading')}</p>
        ) : (
          <div className="fr-table fr-table--no-caption">
            <div className="fr-table__wrapper">
              <div className="fr-table__container">
                <div className="fr-table__content">
                  <table>
                    <caption>{t('accounts.list')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('accounts.username')}</th>
                        <th scope="col">{t('accounts.name')}</th>
                        <th scope="col">{t('accounts.roles')}</th>
                        <th scope="col">{t('accounts.state')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {staff.map((account) => (
                        <tr key={account.id}>
                          <td>{account.username}</td>
                          <td>
                            {account.rank} {account.firstName}
                          </td>
                          <td>{account.roles.map((role) => t(`role.${role}`)).join(', ')}</td>
                          <td>{account.disabled ? t('accounts.disabled') : t('accounts.active')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
            </div>
          </div>
        )}
      </section>
      <CreateStaffForm onCreated={load} />
    </div>
  );
}
