// The first link of the page, hidden until focused: assistive technology and keyboard users
// reach it before anything else. Its href is the neutral site, so a modified click (new tab…)
// still leads somewhere harmless.
import type { MouseEvent } from 'react';
import { useT } from '../../i18n/i18n.js';
import { exitDestination } from './exit-destination.js';
import { quickExit } from './quick-exit.js';

export function QuickExitLink() {
  const t = useT();
  return (
    <a
      className="fr-link brigade-quick-exit-link"
      href={exitDestination()}
      rel="noreferrer"
      onClick={(event: MouseEvent) => {
        event.preventDefault();
        quickExit();
      }}
    >
      {t('quickExit.skipLink')}
    </a>
  );
}
