// What every load target offers the rate driver.
import type { Tracker } from './tracker.js';

export interface Fleet {
  readonly name: string;
  readonly citizenCount: number;
  readonly tracker: Tracker;
  /** Sends message `i` (a tracker index) from citizen `c`, now. Must be cheap. */
  send(c: number, i: number): void;
  /** Frames the generator did not expect (errors, unknown replies, unexpected closes). */
  readonly anomalies: Map<string, number>;
  close(): Promise<void>;
}

/** The message body every target carries: a typical short chat message, ASCII. */
export const MESSAGE_TEXT = 'Bonjour, il y a du bruit et des cris dans la cage d escalier depuis une heure (bench).';

export const CLIENT_MAX_PAYLOAD = 16 * 1024 * 1024;

export function countAnomaly(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** The pre-serialized `message.send` frame: only the hex index varies per message. */
export function messageFrameParts(conversationId: string, idPrefix: string): [string, string, string] {
  return [
    '{"type":"message.send","requestId":"m',
    `","conversationId":"${conversationId}","clientMessageId":"${idPrefix}-`,
    `","text":${JSON.stringify(MESSAGE_TEXT)}}`,
  ];
}
