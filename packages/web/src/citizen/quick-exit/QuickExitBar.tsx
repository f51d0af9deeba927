// The red "Leave quickly" button, stuck to the top of the screen on every citizen view.
// The bar also carries the language switch, to keep the header short on phones.
import type { ReactNode } from 'react';
import { useT } from '../../i18n/i18n.js';
import { quickExit } from './quick-exit.js';

export function QuickExitBar({ start }: { start?: ReactNode }) {
  const t = useT();
  return (
    <div className="brigade-quick-exit">
      <div className="brigade-quick-exit__start">{start}</div>
      <p className="brigade-quick-exit__hint fr-text--xs">
        {t('quickExit.buttonHint')}
      </p>
      <button type="button" className="fr-btn brigade-quick-exit__button" onClick={quickExit}>
        {t('quickExit.button')}
      </button>
    </div>
  );
}
