// Pure state of the supervisors' long-wait alerts, fed by `alert.waiting` frames: newest first, one
// per conversation, bounded. An alert goes once its conversation leaves the queue (taken,
// assigned or closed): only conversations that still wait are shown.
import type { ServerFrameOf } from '@brigade/protocol';

export interface WaitingAlert {
  conversationId: string;
  waitingSince: ServerFrameOf<'alert.waiting'>['waitingSince'];
  danger: boolean;
  /** When this console received it (ms since the epoch). */
  receivedAt: number;
}

/** More than this many at once would push the page down: the oldest leave the banner. */
export const MAX_WAITING_ALERTS = 5;

export function addWaitingAlert(alerts: readonly WaitingAlert[], alert: WaitingAlert): readonly WaitingAlert[] {
  return [alert, ...alerts.filter((a) => a.conversationId !== alert.conversationId)].slice(0, MAX_WAITING_ALERTS);
}

export function dismissWaitingAlert(alerts: readonly WaitingAlert[], conversationId: string): readonly WaitingAlert[] {
  const next = alerts.filter((a) => a.conversationId !== conversationId);
  return next.length === alerts.length ? alerts : next;
}

/** Keeps the alerts of conversations still in the queue (after a queue snapshot). */
export function keepWaiting(alerts: readonly WaitingAlert[], waiting: ReadonlyMap<string, unknown>): readonly WaitingAlert[] {
  const next = alerts.filter((a) => waiting.has(a.conversationId));
  return next.length === alerts.length ? alerts : next;
}
