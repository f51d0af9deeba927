// Second step of the login: a security key, the authenticator app's code, or a recovery code.
import type { StaffAccount } from '@brigade/protocol';
import { useT } from '../i18n/i18n.js';
import { useFocusOnMount } from '../shared/use-focus-on-mount.js';
import { SecondFactorForm } from './factors/SecondFactorForm.js';
import type { SecondFactorMethod } from './staff-session.js';

export function SecondFactorPage({
  methods,
  initial,
  onDone,
  onCancel,
}: {
  methods: readonly SecondFactorMethod[];
  initial?: SecondFactorMethod | undefined;
  onDone(staff: StaffAccount): void;
  onCancel(): void;
}) {
  const t = useT();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <div className="brigade-narrow">
      <h1 ref={heading} tabIndex={-1} className="fr-h3">
        {t('mfa.title')}
      </h1>
      <SecondFactorForm methods={methods} initial={initial} onVerified={onDone} />
      <button type="button" className="fr-btn fr-btn--tertiary-no-outline fr-btn--sm fr-mt-2w" onClick={onCancel}>
        {t('mfa.cancel')}
      </button>
    </div>
  );
}
