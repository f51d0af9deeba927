// Supervisors: a citizen's message matched a danger rule. Shown at once on every page of the
// console (role="alert"), with a way to read the conversation without taking it.
import { useLanguage, useT } from '../../i18n/i18n.js';
import type { DangerAlert } from '../../realtime/danger-alerts.js';
import { formatTime } from '../../shared/format.js';
import { dangerCategoryLabel } from '../danger-category.js';

export function DangerAlertBanner({
  alerts,
  onOpen,
  onDismiss,
}: {
  alerts: readonly DangerAlert[];
  onOpen(conversationId: string): void;
  onDismiss(conversationId: string): void;
}) {
  const t = useT();
  const { lang } = useLanguage();
  if (alerts.length === 0) return null;
  return (
    <div className="brigade-danger-alerts">
      {alerts.map((alert) => {
        const category = dangerCategoryLabel(t, alert.category);
        return (
          <div key={`${alert.conversationId}-${alert.receivedAt}`} role="alert" className="fr-alert fr-alert--error fr-mb-2w">
            <p className="fr-alert__title">{t('dangerAlert.title', { category })}</p>
            <p>
              {t('dangerAlert.text', {
                status: t(`dangerAlert.status.${alert.status}`),
                time: formatTime(lang, new Date(alert.receivedAt).toISOString()),
              })}
            </p>
            <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm fr-mt-1w">
              <li>
                <button type="button" className="fr-btn" aria-label={t('dangerAlert.openLabel', { category })} onClick={() => onOpen(alert.conversationId)}>
                  {t('dangerAlert.open')}
                </button>
              </li>
              <li>
                <button
                  type="button"
                  className="fr-btn fr-btn--secondary"
                  aria-label={t('dangerAlert.dismissLabel', { category })}
                  onClick={() => onDismiss(alert.conversationId)}
                >
                  {t('dangerAlert.dismiss')}
                </button>
              </li>
            </ul>
          </div>
        );
      })}
    </div>
  );
}
