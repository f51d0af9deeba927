// DSFR skip links. Activating one moves focus without touching the URL (no #hash, no history
// entry: on the citizen page the address must never change).
import type { MouseEvent, ReactNode } from 'react';
import { useT } from '../i18n/i18n.js';

export function SkipLinks({ first }: { first?: ReactNode }) {
  const t = useT();
  const toContent = (event: MouseEvent) => {
    event.preventDefault();
    document.getElementById('content')?.focus();
  };
  return (
    <div className="fr-skiplinks">
      <nav className="fr-container" aria-label={t('app.skipLinks')}>
        <ul className="fr-skiplinks__list">
          {first !== undefined && <li>{first}</li>}
          <li>
            <a className="fr-link" href="#content" onClick={toContent}>
              {t('app.skipToContent')}
            </a>
          </li>
        </ul>
      </nav>
    </div>
  );
}
