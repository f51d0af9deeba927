// A conversation's system events as staff read them (the held pane and the read-only one). A
// transfer shows its internal note, marked as such: the citizen never receives it.
import type { ReactNode } from 'react';
import { useT, type Translate } from '../i18n/i18n.js';
import type { TimelineItem } from '../realtime/conversation-state.js';
import { operatorName } from '../shared/operator-name.js';
import { dangerCategoryLabel } from './danger-category.js';
import { useServiceName } from './services/service-names.js';

type EventItem = Exclude<TimelineItem, { kind: 'message' }>;

function Transferred({ item }: { item: Extract<EventItem, { kind: 'transferred' }> }) {
  const t = useT();
  const service = useServiceName(item.serviceId);
  const text =
    item.target === 'operator' && item.operator !== null
      ? t('event.transferred.operator', { operator: operatorName(item.operator) })
      : item.target === 'service'
        ? service === null
          ? t('event.transferred.otherService')
          : t('event.transferred.service', { name: service })
        : t('event.transferred.topic', { topic: t(`topic.${item.topic}`) });
  return (
    <>
      {text}
      {item.note !== null && item.note !== '' && (
        <span className="brigade-event__note">
          <span className="brigade-event__note-label">{t('event.note')}</span>
          <span className="brigade-event__note-text">{item.note}</span>
        </span>
      )}
    </>
  );
}

export function staffEventText(t: Translate, item: EventItem): ReactNode {
  switch (item.kind) {
    case 'opened':
      return t('event.opened');
    case 'assigned':
      return t('event.assigned', { operator: operatorName(item.operator) });
    case 'returned_to_queue':
      return t(item.reason === 'released' ? 'event.returned.released' : 'event.returned.offline');
    case 'danger_flagged':
      return t('event.dangerFlagged', { category: dangerCategoryLabel(t, item.category) });
    case 'transferred':
      return <Transferred item={item} />;
    case 'closed':
      return t('event.closed');
  }
}
