// The transport behind a tiny interface, so the realtime client runs against the browser's
// WebSocket in the app and against an in-memory twin in unit tests.
import { REALTIME_PATH } from '@brigade/protocol';

export interface SocketHandlers {
  open(): void;
  message(data: unknown): void;
  close(code: number): void;
}

export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketLike;

export const openBrowserSocket: SocketFactory = (url, handlers) => {
  const ws = new WebSocket(url);
  ws.onopen = () => handlers.open();
  ws.onmessage = (event) => handlers.message(event.data);
  ws.onclose = (event) => handlers.close(event.code);
  // An error is always followed by a close event, which is where we react.
  ws.onerror = () => {};
  return {
    send: (data) => ws.send(data),
    close: (code, reason) => {
      ws.onopen = ws.onmessage = ws.onclose = null;
      ws.close(code, reason);
    },
  };
};

/** Same origin, ws: or wss: following the page. */
export function realtimeUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${REALTIME_PATH}`;
}

/** Browser signals that the network came back (or went away), to reconnect at once. */
export interface NetworkSignals {
  subscribe(onOnline: () => void, onOffline: () => void): () => void;
}

export const browserNetworkSignals: NetworkSignals = {
  subscribe(onOnline, onOffline) {
    const visible = () => {
      if (document.visibilityState === 'visible') onOnline();
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    // Phones freeze background tabs; coming back to the tab is the moment to check the link.
    document.addEventListener('visibilitychange', visible);
    return () => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      document.removeEventListener('visibilitychange', visible);
    };
  },
};
