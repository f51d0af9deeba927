// The polite notice when a conversation leaves "my conversations" without my dismissing it.
import type { Translate } from '../../i18n/i18n.js';
import type { Departure } from '../../realtime/mine-state.js';
import { operatorName } from '../../shared/operator-name.js';

export function departureText(t: Translate, departure: Departure): string {
  if (departure.topic === null) return t('mine.departed.goneUnknown');
  const topic = t(`topic.${departure.topic}`);
  if (departure.reason === 'transferred' && departure.operator !== null) {
    return t('mine.departed.transferred', { topic, operator: operatorName(departure.operator) });
  }
  return t(departure.reason === 'gone' ? 'mine.departed.gone' : 'mine.departed.returned', { topic });
}
