// "Are you sure?" before an action that cannot be taken back (disable an account, new recovery
// codes…). Confirming closes the dialog first; the action runs (and reports) in the page.
import { Dialog } from '../dsfr/Dialog.js';
import { useT } from '../i18n/i18n.js';

export function ConfirmDialog({
  title,
  text,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  title: string;
  text: string;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  const t = useT();
  return (
    <Dialog
      title={title}
      closeLabel={t('common.close')}
      onClose={onCancel}
      footer={
        <ul className="fr-btns-group fr-btns-group--right fr-btns-group--inline-reverse fr-btns-group--inline-lg">
          <li>
            <button type="button" className="fr-btn" onClick={onConfirm}>
              {confirmLabel}
            </button>
          </li>
          <li>
            <button type="button" className="fr-btn fr-btn--secondary" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          </li>
        </ul>
      }
    >
      <p>{text}</p>
    </Dialog>
  );
}
