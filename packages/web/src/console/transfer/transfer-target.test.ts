import { expect, test } from 'vitest';
import { uuid } from '../../realtime/test-builders.js';
import { transferTarget } from './transfer-target.js';

const empty = { operatorId: '', topic: '' as const, serviceId: '', note: '' };
const anyone = () => true;

test('to a colleague: a selectable colleague and a note are required', () => {
  expect(transferTarget('operator', empty, () => false)).toEqual({ errors: { operator: true, note: 'missing' } });
  expect(transferTarget('operator', { ...empty, operatorId: uuid(2), note: '   ' }, anyone)).toEqual({ errors: { note: 'missing' } });
  expect(transferTarget('operator', { ...empty, operatorId: uuid(2), note: ' Rappel à 18 h ' }, anyone)).toEqual({
    target: { kind: 'operator', operatorId: uuid(2), note: 'Rappel à 18 h' },
  });
});

test('to a topic or a service: the choice is required, a blank note is not sent', () => {
  expect(transferTarget('topic', empty, anyone)).toEqual({ errors: { topic: true } });
  expect(transferTarget('topic', { ...empty, topic: 'minors', note: ' ' }, anyone)).toEqual({ target: { kind: 'topic', topic: 'minors' } });
  expect(transferTarget('service', empty, anyone)).toEqual({ errors: { service: true } });
  expect(transferTarget('service', { ...empty, serviceId: uuid(9), note: 'Zone police' }, anyone)).toEqual({
    target: { kind: 'service', serviceId: uuid(9), note: 'Zone police' },
  });
});

test('a note longer than the protocol allows is refused before sending', () => {
  expect(transferTarget('topic', { ...empty, topic: 'general', note: 'x'.repeat(1001) }, anyone)).toEqual({ errors: { note: 'tooLong' } });
});
