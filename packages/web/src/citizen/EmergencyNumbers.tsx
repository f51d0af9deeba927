// 17, 112 and 114 (by SMS) as large links a shaking thumb can hit.
import type { MessageKey } from '../i18n/i18n.js';
import { useT } from '../i18n/i18n.js';

const NUMBERS: readonly { href: string; label: MessageKey; detail: MessageKey }[] = [
  { href: 'tel:17', label: 'danger.call17', detail: 'danger.call17.detail' },
  { href: 'tel:112', label: 'danger.call112', detail: 'danger.call112.detail' },
  { href: 'sms:114', label: 'danger.sms114', detail: 'danger.sms114.detail' },
];

export function EmergencyNumbers({ compact = false }: { compact?: boolean }) {
  const t = useT();
  return (
    <section className={compact ? 'brigade-emergency brigade-emergency--compact' : 'brigade-emergency'} aria-labelledby="emergency-title">
      <h2 id="emergency-title" className={compact ? 'fr-text--md fr-mb-1w' : 'fr-h5 fr-mb-1w'}>
        {compact ? t('chat.dangerNote') : t('danger.title')}
      </h2>
      {!compact && <p className="fr-mb-2w">{t('danger.text')}</p>}
      <ul className="fr-raw-list brigade-emergency__list">
        {NUMBERS.map((n) => (
          <li key={n.href}>
            <a className="brigade-emergency__link" href={n.href}>
              <span className="brigade-emergency__label">{t(n.label)}</span>
              {!compact && <span className="brigade-emergency__detail">{t(n.detail)}</span>}
            </a>
          </li>
        ))}
      </ul>
      {!compact && <p className="fr-mt-2w fr-mb-0">{t('danger.continue')}</p>}
    </section>
  );
}
