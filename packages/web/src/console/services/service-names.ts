// Service names by id, for views whose data carry only the id (the queue). Loaded on first need,
// again when an id not seen yet shows up, and refreshed by the services page when it lists them.
import { serviceListSchema, type ServiceView } from '@brigade/protocol';
import { useEffect, useSyncExternalStore } from 'react';
import { api } from '../../shared/api.js';

let names: ReadonlyMap<string, string> = new Map();
let loading = false;
/** Ids already looked for: a deleted service's id must not reload the list again and again. */
const looked = new Set<string>();
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Takes a fresh list (the services page has one) as the names to show. */
export function rememberServices(services: readonly ServiceView[]): void {
  names = new Map(services.map((s) => [s.id, s.name]));
  for (const listener of listeners) listener();
}

function load(): void {
  if (loading) return;
  loading = true;
  api('GET', '/api/services', { schema: serviceListSchema })
    .then(
      (answer) => rememberServices(answer.services),
      // Names are a help, not a need: the queue works without them.
      () => undefined,
    )
    .finally(() => {
      loading = false;
    });
}

/** The name of a service (null: no service, or not known yet). */
export function useServiceName(id: string | null): string | null {
  const current = useSyncExternalStore(subscribe, () => names);
  useEffect(() => {
    if (id === null || names.has(id) || looked.has(id)) return;
    looked.add(id);
    load();
  }, [id]);
  return id === null ? null : (current.get(id) ?? null);
}
