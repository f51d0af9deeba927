// "End the conversation", with a confirmation in place (no modal: nothing to trap focus in,
// and no DSFR JavaScript needed).
import { useRef, useState } from 'react';
import { useT } from '../i18n/i18n.js';
import { ErrorAlert } from '../shared/ErrorAlert.js';
import { useFocusOnMount } from '../shared/use-focus-on-mount.js';

function Confirmation({ onConfirm, onCancel, busy }: { onConfirm(): void; onCancel(): void; busy: boolean }) {
  const t = useT();
  const question = useFocusOnMount<HTMLParagraphElement>();
  return (
    <div className="brigade-leave__confirm" role="group" aria-labelledby="leave-question">
      <p id="leave-question" ref={question} tabIndex={-1} className="fr-text--bold">
        {t('leave.question')}
      </p>
      <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
        <li>
          <button type="button" className="fr-btn" onClick={onConfirm} disabled={busy}>
            {t('leave.confirm')}
          </button>
        </li>
        <li>
          <button type="button" className="fr-btn fr-btn--secondary" onClick={onCancel}>
            {t('leave.cancel')}
          </button>
        </li>
      </ul>
    </div>
  );
}

export function LeaveConversation({ onLeave }: { onLeave(): Promise<void> }) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const button = useRef<HTMLButtonElement>(null);

  const confirm = () => {
    setBusy(true);
    setError(null);
    onLeave().then(
      () => setBusy(false),
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };

  return (
    <div className="brigade-leave fr-mt-3w">
      <ErrorAlert error={error} />
      {confirming ? (
        <Confirmation
          busy={busy}
          onConfirm={confirm}
          onCancel={() => {
            setConfirming(false);
            requestAnimationFrame(() => button.current?.focus());
          }}
        />
      ) : (
        <button ref={button} type="button" className="fr-btn fr-btn--tertiary fr-btn--sm" onClick={() => setConfirming(true)}>
          {t('leave.button')}
        </button>
      )}
    </div>
  );
}
