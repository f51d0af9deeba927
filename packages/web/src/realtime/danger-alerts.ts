// Pure state of the supervisors' danger alerts, fed by `alert.danger` frames: newest first, one
// per conversation (a later alert replaces the earlier one), bounded.
import type { ServerFrameOf } from '@brigade/protocol';

export interface DangerAlert {
  conversationId: string;
  category: string;
  status: ServerFrameOf<'alert.danger'>['status'];
  /** When this console received it (ms since the epoch). */
  receivedAt: number;
}

/** More than this many alerts at once would hide the page: the oldest leave the banner. */
export const MAX_DANGER_ALERTS = 5;

export function addDangerAlert(alerts: readonly DangerAlert[], alert: DangerAlert): readonly DangerAlert[] {
  return [alert, ...alerts.filter((a) => a.conversationId !== alert.conversationId)].slice(0, MAX_DANGER_ALERTS);
}

export function dismissDangerAlert(alerts: readonly DangerAlert[], conversationId: string): readonly DangerAlert[] {
  const next = alerts.filter((a) => a.conversationId !== conversationId);
  return next.length === alerts.length ? alerts : next;
}
