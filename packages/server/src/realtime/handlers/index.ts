import type { ClientFrameType } from '@brigade/protocol';
import { conversationClose, conversationLeave } from './conversation-close.handler.js';
import { conversationRelease } from './conversation-release.handler.js';
import { conversationSync } from './conversation-sync.handler.js';
import { conversationTake } from './conversation-take.handler.js';
import { conversationTransfer } from './conversation-transfer.handler.js';
import { conversationAssign, conversationTakeNext } from './conversation-take-next.handler.js';
import type { Handler } from './handler.js';
import { messageRead } from './message-read.handler.js';
import { messageSend } from './message-send.handler.js';
import { presenceSet } from './presence-set.handler.js';
import { queueSubscribe } from './queue-subscribe.handler.js';
import { typingSet } from './typing-set.handler.js';

/** Frame types handled by the gateway itself, before or outside authentication. */
export type ConnectionFrameType = 'session.hello' | 'ping';

/** Every authenticated frame type maps to exactly one handler; the compiler checks the table is complete. */
export const handlers: { [T in Exclude<ClientFrameType, ConnectionFrameType>]: Handler<T> } = {
  'conversation.sync': conversationSync,
  'message.send': messageSend,
  'typing.set': typingSet,
  'message.read': messageRead,
  'conversation.take': conversationTake,
  'conversation.take_next': conversationTakeNext,
  'conversation.assign': conversationAssign,
  'conversation.close': conversationClose,
  'conversation.leave': conversationLeave,
  'conversation.release': conversationRelease,
  'conversation.transfer': conversationTransfer,
  'presence.set': presenceSet,
  'queue.subscribe': queueSubscribe,
};
