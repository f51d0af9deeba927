// The citizen's credential, kept in this tab only: memory plus ONE sessionStorage key (so a
// reload in the same tab resumes the conversation). Never localStorage, cookies or IndexedDB:
// closing the tab or quick exit leaves nothing on the device.
import { MESSAGE_TEXT_MAX } from '@brigade/protocol';

export const SESSION_KEY = 'brigade.citizen';

export interface StoredMessage {
  clientMessageId: string;
  text: string;
  createdAt: string;
}

export interface CitizenSession {
  conversationId: string;
  citizenToken: string;
  /** Messages written but not yet acknowledged: re-sent after a reload. */
  outbox: StoredMessage[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseMessage(value: unknown): StoredMessage | null {
  if (!isRecord(value)) return null;
  const { clientMessageId, text, createdAt } = value;
  if (typeof clientMessageId !== 'string' || !UUID.test(clientMessageId)) return null;
  if (typeof text !== 'string' || text.trim() === '' || text.length > MESSAGE_TEXT_MAX) return null;
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) return null;
  return { clientMessageId, text, createdAt };
}

/** Parses what sessionStorage held; anything unexpected counts as nothing. */
export function parseSession(raw: string | null): CitizenSession | null {
  if (raw === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(value) || value.v !== 1) return null;
  const { conversationId, citizenToken, outbox } = value;
  if (typeof conversationId !== 'string' || !UUID.test(conversationId)) return null;
  if (typeof citizenToken !== 'string' || citizenToken === '' || citizenToken.length > 200) return null;
  const messages = Array.isArray(outbox) ? outbox.map(parseMessage).filter((m): m is StoredMessage => m !== null) : [];
  return { conversationId, citizenToken, outbox: messages };
}

export function serializeSession(session: CitizenSession): string {
  return JSON.stringify({ v: 1, ...session });
}

export function loadSession(): CitizenSession | null {
  try {
    return parseSession(sessionStorage.getItem(SESSION_KEY));
  } catch {
    return null;
  }
}

export function saveSession(session: CitizenSession): void {
  try {
    sessionStorage.setItem(SESSION_KEY, serializeSession(session));
  } catch {
    // Storage full or refused: the conversation goes on in memory, only a reload would lose it.
  }
}

export function clearSession(): void {
  try {
    sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // Nothing stored then.
  }
}
