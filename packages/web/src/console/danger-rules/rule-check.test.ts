import { expect, test } from 'vitest';
import { checkRule, putRule, withoutRule, type DangerRule } from './rule-check.js';

const rule = (id: string): DangerRule => ({ id, category: 'weapon', pattern: '\\bcouteau\\b', description: '' });

test('a valid rule passes, trimmed', () => {
  expect(checkRule({ id: ' knife ', category: 'weapon', pattern: '\\bcouteau\\b', description: ' Arme ' }, [])).toEqual({
    rule: { id: 'knife', category: 'weapon', pattern: '\\bcouteau\\b', description: 'Arme' },
  });
});

test('each mistake is reported on its field', () => {
  expect(checkRule({ id: 'Bad Id', category: '', pattern: '(unclosed', description: '' }, [])).toEqual({
    errors: { id: true, category: true, pattern: true },
  });
  expect(checkRule({ id: 'knife', category: 'weapon', pattern: 'x', description: '' }, ['knife'])).toEqual({ errors: { id: true } });
  expect(checkRule({ id: 'long', category: 'weapon', pattern: 'x'.repeat(601), description: '' }, [])).toEqual({ errors: { pattern: true } });
});

test('a rule is replaced in place or added at the end, and removed by id', () => {
  const rules = [rule('a'), rule('b')];
  expect(putRule(rules, 'a', rule('a2')).map((r) => r.id)).toEqual(['a2', 'b']);
  expect(putRule(rules, null, rule('c')).map((r) => r.id)).toEqual(['a', 'b', 'c']);
  expect(withoutRule(rules, 'a').map((r) => r.id)).toEqual(['b']);
});
