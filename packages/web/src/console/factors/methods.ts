// Which second-factor methods to offer, from what the account has and what this browser can do.
import type { SecondFactorMethod } from '../staff-session.js';

/** Order of preference: a key resists phishing, the app is common, recovery codes are the way out. */
const PREFERENCE: readonly SecondFactorMethod[] = ['webauthn', 'totp', 'recovery'];

/** The methods of an account, from its factor list (recovery only while codes are left). */
export function methodsOf(list: { factors: readonly { kind: 'totp' | 'webauthn' }[]; recoveryCodesLeft: number }): SecondFactorMethod[] {
  const kinds = new Set<SecondFactorMethod>(list.factors.map((f) => f.kind));
  if (list.recoveryCodesLeft > 0) kinds.add('recovery');
  return PREFERENCE.filter((m) => kinds.has(m));
}

/** What this browser can use, best first; a key is left out where WebAuthn is missing. */
export function usableMethods(methods: readonly SecondFactorMethod[], webauthn: boolean): SecondFactorMethod[] {
  return PREFERENCE.filter((m) => methods.includes(m) && (m !== 'webauthn' || webauthn));
}
