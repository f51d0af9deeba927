// "You are number 2 in the queue; about 5 min": knowing where one stands makes waiting bearable.
// A polite status region, so changes are read out without interrupting.
import { useT } from '../i18n/i18n.js';
import type { QueuePosition } from '../realtime/conversation-state.js';
import { formatDuration } from '../shared/format.js';

export function QueuePositionNotice({ position }: { position: QueuePosition | null }) {
  const t = useT();
  const minutes = position?.estimatedWaitSeconds ?? null;
  return (
    <p role="status" className="fr-text--sm fr-text--bold fr-mb-2w">
      {position !== null && (
        <>
          {position.position === 1 ? t('waiting.position.first') : t('waiting.position', { position: position.position })}
          {minutes !== null && minutes > 0 && <> {t('waiting.estimate', { duration: formatDuration(t, Math.max(60, minutes) * 1000) })}</>}
        </>
      )}
    </p>
  );
}
