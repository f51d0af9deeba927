// "Mon compte": adding an authenticator app or a key to an account that already has a factor
// (the server asks for a recent second factor first: the step-up dialog handles it).
import type { StaffAccount } from '@brigade/protocol';
import { useT } from '../../i18n/i18n.js';
import { useFocusOnMount } from '../../shared/use-focus-on-mount.js';
import { TotpEnrolmentForm } from '../factors/TotpEnrolmentForm.js';
import { WebauthnEnrolmentForm } from '../factors/WebauthnEnrolmentForm.js';
import { useStepUp } from '../step-up/StepUpProvider.js';

export function AddFactorPanel({
  kind,
  onAdded,
  onCancel,
}: {
  kind: 'totp' | 'webauthn';
  onAdded(label: string): void;
  onCancel(): void;
}) {
  const t = useT();
  const stepUp = useStepUp();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const added = (_staff: StaffAccount, _codes: string[] | null, label: string) => onAdded(label);
  return (
    <section className="brigade-panel brigade-narrow" aria-labelledby="add-factor-title">
      <h3 id="add-factor-title" ref={heading} tabIndex={-1} className="fr-h6">
        {t(kind === 'totp' ? 'factors.addTotp' : 'factors.addKey')}
      </h3>
      {kind === 'totp' ? (
        <TotpEnrolmentForm guard={stepUp} submitLabel={t('factors.addSubmit')} onEnrolled={added} />
      ) : (
        <WebauthnEnrolmentForm guard={stepUp} onEnrolled={added} />
      )}
      <button type="button" className="fr-btn fr-btn--tertiary-no-outline fr-btn--sm fr-mt-2w" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </section>
  );
}
