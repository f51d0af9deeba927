// "Mon compte": how many recovery codes are left, and a new set (shown once) on request.
import { useState } from 'react';
import { useT } from '../../i18n/i18n.js';
import { ErrorAlert } from '../../shared/ErrorAlert.js';
import { useFocusOnMount } from '../../shared/use-focus-on-mount.js';
import { useFocusRequest } from '../../shared/use-focus-request.js';
import { ConfirmDialog } from '../ConfirmDialog.js';
import { RecoveryCodeList } from '../RecoveryCodeList.js';
import { useStepUp } from '../step-up/StepUpProvider.js';
import { regenerateRecoveryCodes } from './account-api.js';

function NewCodes({ codes, onDone }: { codes: readonly string[]; onDone(): void }) {
  const t = useT();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <div className="brigade-panel brigade-narrow">
      <h4 ref={heading} tabIndex={-1} className="fr-h6">
        {t('recovery.newTitle')}
      </h4>
      <p>{t('codes.intro')}</p>
      <RecoveryCodeList codes={codes} />
      <button type="button" className="fr-btn" onClick={onDone}>
        {t('codes.continue')}
      </button>
    </div>
  );
}

export function RecoveryCodesSection({ left, onRegenerated }: { left: number; onRegenerated(): void }) {
  const t = useT();
  const stepUp = useStepUp();
  const [confirming, setConfirming] = useState(false);
  const [codes, setCodes] = useState<readonly string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [button, focusButton] = useFocusRequest<HTMLButtonElement>();

  const regenerate = () => {
    setConfirming(false);
    setError(null);
    stepUp(regenerateRecoveryCodes).then(
      (fresh) => {
        setCodes(fresh);
        onRegenerated();
      },
      (e: unknown) => setError(e),
    );
  };

  return (
    <section aria-labelledby="recovery-title" className="fr-mt-4w">
      <h3 id="recovery-title" className="fr-h6">
        {t('recovery.title')}
      </h3>
      <p>{left === 1 ? t('recovery.leftOne') : t('recovery.left', { count: left })}</p>
      <ErrorAlert error={error} />
      {codes !== null ? (
        <NewCodes
          codes={codes}
          onDone={() => {
            setCodes(null);
            focusButton();
          }}
        />
      ) : (
        <button ref={button} type="button" className="fr-btn fr-btn--secondary fr-btn--sm" onClick={() => setConfirming(true)}>
          {t('recovery.regenerate')}
        </button>
      )}
      {confirming && (
        <ConfirmDialog
          title={t('recovery.confirmTitle')}
          text={t('recovery.confirmText')}
          confirmLabel={t('recovery.regenerate')}
          onConfirm={regenerate}
          onCancel={() => setConfirming(false)}
        />
      )}
    </section>
  );
}
