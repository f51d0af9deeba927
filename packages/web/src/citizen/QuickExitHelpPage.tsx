// /aide/sortie-rapide: what quick exit erases and what it does not (survivors asked to be told
// plainly that browser history stays), and how private browsing helps.
import type { MessageKey } from '../i18n/i18n.js';
import { useT } from '../i18n/i18n.js';
import { CHAT_PATH } from './paths.js';

const SECTIONS: readonly { title: MessageKey; items: readonly MessageKey[] }[] = [
  { title: 'help.does.title', items: ['help.does.1', 'help.does.2', 'help.does.3'] },
  { title: 'help.doesNot.title', items: ['help.doesNot.1', 'help.doesNot.2', 'help.doesNot.3'] },
  { title: 'help.safer.title', items: ['help.safer.1', 'help.safer.2', 'help.safer.3'] },
];

export function QuickExitHelpPage() {
  const t = useT();
  return (
    <div className="brigade-help">
      <h1 className="fr-h3">{t('help.title')}</h1>
      <p>{t('help.intro')}</p>
      {SECTIONS.map((section) => (
        <section key={section.title} aria-labelledby={`help-${section.title}`}>
          <h2 id={`help-${section.title}`} className="fr-h5">
            {t(section.title)}
          </h2>
          <ul>
            {section.items.map((item) => (
              <li key={item}>{t(item)}</li>
            ))}
          </ul>
        </section>
      ))}
      <p className="fr-mt-4w">
        <a className="fr-link fr-icon-arrow-left-line fr-link--icon-left" href={CHAT_PATH}>
          {t('help.back')}
        </a>
      </p>
    </div>
  );
}
