// Supervisors: conversations that have waited longer than the alert threshold (`alert.waiting`),
// on every page of the console, with the wait ticking and a way to read the conversation. Each
// new alert is announced once, politely (the list itself is not a live region: its clocks tick).
import type { QueueEntry } from '@brigade/protocol';
import { useEffect, useState } from 'react';
import { useT } from '../../i18n/i18n.js';
import type { WaitingAlert } from '../../realtime/waiting-alerts.js';
import { formatDuration } from '../../shared/format.js';
import { useNow } from '../../shared/use-now.js';
import { AlertActions } from './AlertActions.js';

export function WaitingAlertBanner({
  alerts,
  queue,
  onOpen,
  onDismiss,
}: {
  alerts: readonly WaitingAlert[];
  /** The waiting conversations, to name each alert's topic. */
  queue: ReadonlyMap<string, QueueEntry>;
  onOpen(conversationId: string): void;
  onDismiss(conversationId: string): void;
}) {
  const t = useT();
  const now = useNow(10_000);
  const [announcement, setAnnouncement] = useState('');
  const newest = alerts[0];
  const topicOf = (conversationId: string) => {
    const entry = queue.get(conversationId);
    return entry === undefined ? t('waitAlert.unknownTopic') : t(`topic.${entry.topic}`);
  };

  // Announced when it arrives, with the wait as it was then.
  const newestKey = newest === undefined ? null : `${newest.conversationId}-${newest.receivedAt}`;
  useEffect(() => {
    if (newest === undefined) return;
    setAnnouncement(
      t('waitAlert.announce', { topic: topicOf(newest.conversationId), duration: formatDuration(t, Date.now() - Date.parse(newest.waitingSince)) }),
    );
    // Keyed on the alert only: a change of language or of the queue is not a new alert to announce.
  }, [newestKey]);

  return (
    <div className="brigade-waiting-alerts">
      <p className="fr-sr-only" role="status">
        {alerts.length > 0 ? announcement : ''}
      </p>
      {alerts.map((alert) => {
        const topic = topicOf(alert.conversationId);
        const titleId = `wait-alert-${alert.conversationId}`;
        return (
          <div
            key={alert.conversationId}
            role="group"
            aria-labelledby={titleId}
            className="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w brigade-waiting-alert"
          >
            <p id={titleId} className="fr-alert__title">
              {t('waitAlert.title', { topic })}
            </p>
            <p>
              {t('waitAlert.text', { duration: formatDuration(t, now - Date.parse(alert.waitingSince)) })}
              {alert.danger && <> {t('waitAlert.danger')}</>}
            </p>
            <AlertActions
              open={{ text: t('waitAlert.open'), label: t('waitAlert.openLabel', { topic }) }}
              dismiss={{ text: t('waitAlert.dismiss'), label: t('waitAlert.dismissLabel', { topic }) }}
              onOpen={() => onOpen(alert.conversationId)}
              onDismiss={() => onDismiss(alert.conversationId)}
            />
          </div>
        );
      })}
    </div>
  );
}
