// The services (platforms) by name, to say whose a conversation is (`GET /api/services`, every
// signed-in staff member). Loaded once per page; a failure only means names are not shown.
import { serviceListSchema, type ServiceView } from '@brigade/protocol';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../shared/api.js';

export interface Services {
  /** null until loaded (or if it failed). */
  list: readonly ServiceView[] | null;
  /** The service's name, or null when unknown. */
  nameOf(serviceId: string | null): string | null;
}

export function servicesOf(list: readonly ServiceView[] | null): Services {
  const names = new Map((list ?? []).map((s) => [s.id, s.name]));
  return { list, nameOf: (serviceId) => (serviceId === null ? null : (names.get(serviceId) ?? null)) };
}

export function useServices(enabled = true): Services {
  const [list, setList] = useState<readonly ServiceView[] | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    api('GET', '/api/services', { schema: serviceListSchema }).then(
      (answer) => live && setList([...answer.services].sort((a, b) => a.name.localeCompare(b.name, 'fr'))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [enabled]);
  return useMemo(() => servicesOf(list), [list]);
}
