// Operators: "nobody waits unseen". While conversations wait, a banner says how many and for how
// long, on every page of the console; it cannot be muted (only its sound can).
import type { QueueEntry } from '@brigade/protocol';
import { useT } from '../../i18n/i18n.js';
import { formatDuration } from '../../shared/format.js';
import { useNow } from '../../shared/use-now.js';
import { waitingSummary } from './waiting-alert.js';

export function WaitingAlert({ entries, onShowQueue }: { entries: Iterable<QueueEntry>; onShowQueue: (() => void) | null }) {
  const t = useT();
  const now = useNow(10_000);
  const { count, oldestSince, danger } = waitingSummary(entries);
  return (
    <div role="status" className="brigade-waiting">
      {count > 0 && (
        <div className={danger ? 'fr-alert fr-alert--error brigade-waiting__alert' : 'fr-alert fr-alert--warning brigade-waiting__alert'}>
          <p className="fr-alert__title">{count === 1 ? t('waitingAlert.one') : t('waitingAlert.many', { count })}</p>
          <p>
            {oldestSince !== null && t('waitingAlert.oldest', { duration: formatDuration(t, now - oldestSince) })}
            {danger && <> {t('waitingAlert.danger')}</>}
          </p>
          {onShowQueue !== null && (
            <button type="button" className="fr-btn fr-btn--sm fr-mt-1w" onClick={onShowQueue}>
              {t('waitingAlert.show')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
