// An open conversation on the citizen side: its realtime client, wired to quick exit.
import { realtimeUrl } from '../realtime/socket.js';
import { RealtimeClient } from '../realtime/realtime-client.js';
import { onQuickExit, setQuickExitToken } from './quick-exit/quick-exit.js';
import { saveSession, type CitizenSession } from './session-store.js';

export interface OpenConversation {
  conversationId: string;
  citizenToken: string;
  client: RealtimeClient;
  /** Stops the client and forgets the credential (not the stored copy: see clearSession). */
  close(): void;
}

export function openConversation(session: CitizenSession): OpenConversation {
  saveSession(session);
  const client = new RealtimeClient({ url: realtimeUrl(window.location), side: 'citizen', citizenToken: session.citizenToken });
  client.subscribeConversation(session.conversationId);
  client.restoreOutbox(session.conversationId, session.outbox);
  client.start();
  setQuickExitToken(session.citizenToken);
  const offQuickExit = onQuickExit(() => client.stop());
  return {
    conversationId: session.conversationId,
    citizenToken: session.citizenToken,
    client,
    close() {
      offQuickExit();
      client.stop();
      setQuickExitToken(null);
    },
  };
}
