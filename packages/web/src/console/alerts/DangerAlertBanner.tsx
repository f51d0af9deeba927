// Supervisors: a citizen's message matched a danger rule. Shown at once on every page of the
// console (role="alert"), with a way to read the conversation without taking it.
import { useLanguage, useT } from '../../i18n/i18n.js';
import type { DangerAlert } from '../../realtime/danger-alerts.js';
import { formatTime } from '../../shared/format.js';
import { dangerCategoryLabel } from '../danger-category.js';
import { AlertActions } from './AlertActions.js';

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
            <AlertActions
              open={{ text: t('dangerAlert.open'), label: t('dangerAlert.openLabel', { category }) }}
              dismiss={{ text: t('dangerAlert.dismiss'), label: t('dangerAlert.dismissLabel', { category }) }}
              onOpen={() => onOpen(alert.conversationId)}
              onDismiss={() => onDismiss(alert.conversationId)}
            />
          </div>
        );
      })}
    </div>
  );
}
