// Sends read marks while the conversation is on screen and the tab is visible, so "read"
// means a person could actually see the message.
import { useEffect } from 'react';
import type { RealtimeClient } from '../realtime/realtime-client.js';

export function useMarkRead(client: RealtimeClient, conversationId: string | null, lastSeq: number): void {
  useEffect(() => {
    if (conversationId === null) return;
    const mark = () => {
      if (document.visibilityState === 'visible') client.markRead(conversationId);
    };
    mark();
    // Also after a reconnection, when the client becomes able to send.
    const unsubscribe = client.subscribe(mark);
    document.addEventListener('visibilitychange', mark);
    return () => {
      unsubscribe();
      document.removeEventListener('visibilitychange', mark);
    };
  }, [client, conversationId, lastSeq]);
}
