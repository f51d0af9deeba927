// The signed-in person's own security: second factors, recovery codes, sessions.
import { factorListSchema, recoveryCodesSchema, sessionListSchema } from '@brigade/protocol';
import { api, type Infer } from '../../shared/api.js';

export type FactorList = Infer<typeof factorListSchema>;
export type Factor = FactorList['factors'][number];
export type SessionView = Infer<typeof sessionListSchema>['sessions'][number];

export async function listFactors(): Promise<FactorList> {
  return api('GET', '/api/factors', { schema: factorListSchema });
}

/** Needs a recent second factor; the last factor cannot go (`staff/last_factor`). */
export async function removeFactor(id: string): Promise<void> {
  await api('DELETE', `/api/factors/${encodeURIComponent(id)}`, { schema: null });
}

/** Needs a recent second factor; the old codes stop working. */
export async function regenerateRecoveryCodes(): Promise<string[]> {
  return (await api('POST', '/api/factors/recovery-codes', { body: {}, schema: recoveryCodesSchema })).recoveryCodes;
}

export async function listSessions(): Promise<SessionView[]> {
  return (await api('GET', '/api/auth/sessions', { schema: sessionListSchema })).sessions;
}

export async function revokeSession(id: string): Promise<void> {
  await api('DELETE', `/api/auth/sessions/${encodeURIComponent(id)}`, { schema: null });
}
