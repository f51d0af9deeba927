// The live waiting queue: danger first, then the longest wait; waiting times tick every second.
import type { QueueEntry } from '@brigade/protocol';
import { useState } from 'react';
import { useT } from '../i18n/i18n.js';
import { sortQueue, type QueueState } from '../realtime/queue-state.js';
import { ErrorAlert } from '../shared/ErrorAlert.js';
import { formatDuration } from '../shared/format.js';
import { useNow } from '../shared/use-now.js';

function QueueItem({ entry, now, onTake, busy }: { entry: QueueEntry; now: number; onTake(): void; busy: boolean }) {
  const t = useT();
  const topic = t(`topic.${entry.topic}`);
  const waited = formatDuration(t, now - Date.parse(entry.waitingSince));
  const pending =
    entry.pendingMessages === 0
      ? t('queue.pending.none')
      : entry.pendingMessages === 1
        ? t('queue.pending.one')
        : t('queue.pending.many', { count: entry.pendingMessages });
  return (
    <li className={entry.danger ? 'brigade-queue__item brigade-queue__item--danger' : 'brigade-queue__item'}>
      <p className="fr-text--bold fr-mb-1v">
        {entry.danger && <span className="fr-badge fr-badge--error fr-badge--sm fr-mr-1w">{t('badge.danger')}</span>}
        {topic}
      </p>
      <p className="fr-text--sm fr-mb-1w">
        {entry.postalCode} · {t('queue.waitingFor', { duration: waited })} · {pending}
      </p>
      <button
        type="button"
        className="fr-btn fr-btn--sm"
        onClick={onTake}
        disabled={busy}
        aria-label={t('queue.takeLabel', { topic, duration: waited })}
      >
        {t('queue.take')}
      </button>
    </li>
  );
}

export function QueuePanel({
  queue,
  onTake,
  onTakeNext,
}: {
  queue: QueueState;
  onTake(conversationId: string): Promise<void>;
  onTakeNext(): Promise<void>;
}) {
  const t = useT();
  const now = useNow(1000);
  const [taking, setTaking] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const entries = sortQueue(queue.entries.values(), now);

  const take = (id: string | null) => {
    setTaking(id ?? 'next');
    setError(null);
    (id === null ? onTakeNext() : onTake(id)).then(
      () => setTaking(null),
      (e: unknown) => {
        setTaking(null);
        setError(e);
      },
    );
  };

  return (
    <section className="brigade-panel" aria-labelledby="queue-title">
      <h2 id="queue-title" className="fr-h5 fr-mb-2w">
        {t('queue.title')} <span className="fr-text--regular">({entries.length})</span>
      </h2>
      <ErrorAlert error={error} />
      {!queue.loaded ? (
        <p>{t('common.loading')}</p>
      ) : entries.length === 0 ? (
        <p className="fr-text--sm">{t('queue.empty')}</p>
      ) : (
        <>
          <button type="button" className="fr-btn fr-btn--secondary fr-btn--sm fr-mb-2w" disabled={taking !== null} onClick={() => take(null)}>
            {t('queue.takeNext')}
          </button>
          <ul className="fr-raw-list brigade-queue">
            {entries.map((entry) => (
              <QueueItem key={entry.conversationId} entry={entry} now={now} busy={taking !== null} onTake={() => take(entry.conversationId)} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
