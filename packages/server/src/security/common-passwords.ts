import { readFileSync } from 'node:fs';
import type { CommonPasswords } from '@brigade/core';

/**
 * The common-password list shipped with the project (`common-passwords.txt`, one per line,
 * lowercase): the zxcvbn "common passwords" list plus French favourites. Regenerate with
 * `node scripts/build-common-passwords.mjs`.
 */
export function loadCommonPasswords(): CommonPasswords {
  const text = readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8');
  const set = new Set(text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
  return { has: (lowercased) => set.has(lowercased) };
}
