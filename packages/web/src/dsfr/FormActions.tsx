import type { ReactNode } from 'react';
import { useT } from '../i18n/i18n.js';

/** A form's buttons, DSFR style: the submit button, then "Annuler" when the form can be left. */
export function FormActions({ submitLabel, onCancel, busy = false }: { submitLabel: ReactNode; onCancel?: (() => void) | undefined; busy?: boolean }) {
  const t = useT();
  return (
    <ul className="fr-btns-group fr-btns-group--inline-md">
      <li>
        <button type="submit" className="fr-btn" disabled={busy}>
          {submitLabel}
        </button>
      </li>
      {onCancel !== undefined && (
        <li>
          <button type="button" className="fr-btn fr-btn--secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </li>
      )}
    </ul>
  );
}
