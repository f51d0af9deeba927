// The conversation as a log (role="log": new messages are announced politely). Delivery states
// and times sit in aria-live="off" islands so "sent" → "read" does not chatter in screen readers.
import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { useLanguage, useT, type MessageKey } from '../i18n/i18n.js';
import type { OwnMessageState, TimelineItem } from '../realtime/conversation-state.js';
import { formatTime } from './format.js';

const STATE_KEYS: Record<OwnMessageState, MessageKey> = {
  sending: 'message.state.sending',
  sent: 'message.state.sent',
  read: 'message.state.read',
  failed: 'message.state.failed',
};

export interface MessageListProps {
  items: readonly TimelineItem[];
  /** Name shown for the other side's messages. */
  peerName(item: Extract<TimelineItem, { kind: 'message' }>): string;
  /** Line shown for system events (null hides the event); staff lines may carry an internal note. */
  eventText(item: Exclude<TimelineItem, { kind: 'message' }>): ReactNode;
  onRetry(clientMessageId: string): void;
  label: string;
}

export function MessageList({ items, peerName, eventText, onRetry, label }: MessageListProps) {
  const t = useT();
  const { lang } = useLanguage();
  const container = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);

  // Follow new messages only if the reader was already at the bottom (never yank them back up).
  useLayoutEffect(() => {
    const el = container.current;
    if (el !== null && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [items]);

  return (
    <div
      ref={container}
      className="brigade-log"
      role="log"
      aria-live="polite"
      aria-label={label}
      // Focusable so keyboard users can scroll it (it scrolls on its own).
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
      }}
    >
      <ol className="fr-raw-list brigade-log__list">
        {items.map((item) => {
          if (item.kind !== 'message') {
            const text = eventText(item);
            return text === null ? null : (
              <li key={item.key} className="brigade-event fr-text--xs">
                {text}
              </li>
            );
          }
          const time = formatTime(lang, item.at);
          return (
            <li key={item.key} className={item.mine ? 'brigade-msg brigade-msg--mine' : 'brigade-msg brigade-msg--peer'}>
              <p className="brigade-msg__meta fr-text--xs">
                <span className="brigade-msg__sender">{item.mine ? t('message.you') : peerName(item)}</span>
                {time !== '' && (
                  <span aria-live="off">
                    {' · '}
                    <time dateTime={item.at}>{time}</time>
                  </span>
                )}
              </p>
              <p className="brigade-msg__text">{item.text}</p>
              {item.state !== null && (
                <p className={`brigade-msg__state brigade-msg__state--${item.state} fr-text--xs`} aria-live="off">
                  {t(STATE_KEYS[item.state])}
                  {item.state === 'failed' && (
                    <button type="button" className="fr-btn fr-btn--tertiary-no-outline fr-btn--sm fr-ml-1w" onClick={() => onRetry(item.clientMessageId)}>
                      {t('message.retry')}
                    </button>
                  )}
                </p>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
