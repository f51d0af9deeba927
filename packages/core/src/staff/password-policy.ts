import type { CommonPasswords } from '../ports/second-factor.js';

export const MIN_PASSWORD_LENGTH = 12;

/**
 * ANSSI/NIST-style policy: long enough, not a known common password (also once trailing digits
 * and symbols are stripped, e.g. "password2024!"), not built on the account's own names, not one
 * repeated character. No composition rules and no periodic change.
 */
export function passwordProblem(
  password: string,
  context: { username: string; firstName: string },
  common: CommonPasswords,
): 'too_short' | 'too_common' | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too_short';
  const lower = password.toLowerCase();
  // Digits and symbols are anything but letters (of any script, with their combining marks):
  // `\W` would also strip accented letters, so "1990élodie" would not reduce to "élodie".
  const core = lower.replace(/[^\p{L}\p{M}]+$/u, '').replace(/^[^\p{L}\p{M}]+/u, '');
  if (common.has(lower) || (core.length > 0 && common.has(core))) return 'too_common';
  if (new Set(lower).size <= 2) return 'too_common';
  for (const name of [context.username, context.firstName]) {
    const n = name.toLowerCase();
    if (n.length >= 3 && (core === n || lower.startsWith(n) && lower.slice(n.length).replace(/[^\p{L}\p{M}]/gu, '') === '')) return 'too_common';
  }
  return null;
}
