// Why a colleague cannot receive a conversation, in words (assignment and transfer lists).
import type { MessageKey, Translate } from '../../i18n/i18n.js';
import type { Unselectable } from './routing-rules.js';

const KEYS: Record<Exclude<Unselectable, 'self'>, MessageKey> = {
  holder: 'transfer.blocker.holder',
  offline: 'transfer.blocker.offline',
  paused: 'transfer.blocker.paused',
  at_capacity: 'transfer.blocker.at_capacity',
  minors: 'transfer.blocker.minors',
  topic: 'transfer.blocker.topic',
  service: 'transfer.blocker.service',
};

export function blockerText(t: Translate, blocker: Unselectable): string {
  return blocker === 'self' ? '' : t(KEYS[blocker]);
}
