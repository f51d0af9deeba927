import { expect, test } from 'vitest';
import { readMuted, writeMuted } from './mute-store.js';

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

test('muting is remembered per person, and unmuting leaves nothing behind', () => {
  const storage = memoryStorage();
  expect(readMuted('a', storage)).toBe(false);
  writeMuted('a', true, storage);
  expect(readMuted('a', storage)).toBe(true);
  expect(readMuted('b', storage)).toBe(false);
  writeMuted('a', false, storage);
  expect(storage.length).toBe(0);
});

test('without storage (or refused), nothing breaks', () => {
  expect(readMuted('a', undefined)).toBe(false);
  const refusing = { ...memoryStorage(), getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } } as Storage;
  expect(readMuted('a', refusing)).toBe(false);
  expect(() => writeMuted('a', true, refusing)).not.toThrow();
});
