// First sign-in (or after setup): enrol a second factor before entering the console, an
// authenticator app or, where the browser can, a security key or passkey.
import type { StaffAccount } from '@brigade/protocol';
import { useState } from 'react';
import { ChoiceGroup } from '../dsfr/ChoiceGroup.js';
import { useT } from '../i18n/i18n.js';
import { useFocusOnMount } from '../shared/use-focus-on-mount.js';
import { unguarded } from './factors/guard.js';
import { TotpEnrolmentForm } from './factors/TotpEnrolmentForm.js';
import { WebauthnEnrolmentForm } from './factors/WebauthnEnrolmentForm.js';
import { webauthnSupported } from './factors/webauthn.js';

type Kind = 'totp' | 'webauthn';

export function EnrolmentPage({
  onDone,
  onCancel,
}: {
  onDone(staff: StaffAccount, recoveryCodes: string[]): void;
  onCancel(): void;
}) {
  const t = useT();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [keys] = useState(webauthnSupported);
  const [kind, setKind] = useState<Kind>('totp');
  const done = (staff: StaffAccount, recoveryCodes: string[] | null) => onDone(staff, recoveryCodes ?? []);

  return (
    <div className="brigade-narrow">
      <h1 ref={heading} tabIndex={-1} className="fr-h3">
        {t('enrol.title')}
      </h1>
      <p>{t('enrol.intro')}</p>
      {keys && (
        <ChoiceGroup
          type="radio"
          legend={t('enrol.kind.legend')}
          name="factorKind"
          choices={[
            { value: 'totp', label: t('enrol.kind.totp'), hint: t('enrol.kind.totp.hint') },
            { value: 'webauthn', label: t('enrol.kind.webauthn'), hint: t('enrol.kind.webauthn.hint') },
          ]}
          selected={[kind]}
          onToggle={(value, checked) => checked && setKind(value)}
        />
      )}
      {kind === 'totp' ? (
        <TotpEnrolmentForm guard={unguarded} submitLabel={t('enrol.submit')} onEnrolled={done} />
      ) : (
        <WebauthnEnrolmentForm guard={unguarded} onEnrolled={done} />
      )}
      <p className="fr-mt-3w">
        <button type="button" className="fr-btn fr-btn--tertiary-no-outline fr-btn--sm" onClick={onCancel}>
          {t('mfa.cancel')}
        </button>
      </p>
    </div>
  );
}
