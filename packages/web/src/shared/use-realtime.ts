// React binding of the realtime client (an external store).
import { useSyncExternalStore } from 'react';
import type { RealtimeClient, RealtimeSnapshot } from '../realtime/realtime-client.js';

export function useRealtime(client: RealtimeClient): RealtimeSnapshot {
  return useSyncExternalStore(client.subscribe, client.getSnapshot);
}
