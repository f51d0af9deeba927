// The console's menu: one button per page this person may see (aria-current marks the open one).
import type { MessageKey } from '../i18n/i18n.js';
import { useT } from '../i18n/i18n.js';
import type { Section } from './sections.js';

const LABELS: Record<Section, MessageKey> = {
  conversations: 'console.nav.conversations',
  agents: 'console.nav.agents',
  rules: 'console.nav.rules',
  accounts: 'console.nav.accounts',
  services: 'console.nav.services',
  priorities: 'console.nav.priorities',
  audit: 'console.nav.audit',
  account: 'console.nav.account',
};

export function ConsoleNav({ sections, current, onSelect }: { sections: readonly Section[]; current: Section; onSelect(section: Section): void }) {
  const t = useT();
  return (
    <nav className="brigade-console-nav fr-mb-3w" aria-label={t('console.nav')}>
      <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
        {sections.map((s) => (
          <li key={s}>
            <button
              type="button"
              className={current === s ? 'fr-btn' : 'fr-btn fr-btn--tertiary'}
              aria-current={current === s ? 'page' : undefined}
              onClick={() => onSelect(s)}
            >
              {t(LABELS[s])}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
