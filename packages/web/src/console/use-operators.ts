// Operators with their presence, load and routing profile (`GET /api/operators`, for operators and
// supervisors): to assign a conversation, transfer one, or watch the room. Refreshed every
// `refreshMs` and whenever the window gets the focus back, so a choice is made on fresh data.
import { operatorListSchema, type OperatorView } from '@brigade/protocol';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../shared/api.js';

export const OPERATORS_REFRESH_MS = 15_000;

export interface Operators {
  /** null until the first answer. */
  operators: readonly OperatorView[] | null;
  /** The last refresh failed (the previous list, if any, is kept). */
  error: unknown;
  /** When the list was last received (ms since the epoch). */
  updatedAt: number | null;
  refresh(): void;
}

export function useOperators(enabled: boolean, refreshMs = OPERATORS_REFRESH_MS): Operators {
  const [operators, setOperators] = useState<readonly OperatorView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [requests, setRequests] = useState(0);
  const refresh = useCallback(() => setRequests((n) => n + 1), []);

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    api('GET', '/api/operators', { schema: operatorListSchema }).then(
      (answer) => {
        if (!live) return;
        setOperators(answer.operators);
        setError(null);
        setUpdatedAt(Date.now());
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [enabled, requests]);

  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(refresh, refreshMs);
    const onVisible = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    window.addEventListener('focus', refresh);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', refresh);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [enabled, refresh, refreshMs]);

  return { operators: enabled ? operators : null, error, updatedAt, refresh };
}
