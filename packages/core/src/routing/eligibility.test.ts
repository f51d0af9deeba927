import type { Topic } from '@brigade/protocol';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPERATOR_TOPICS } from '../staff/staff.js';
import { handles } from './eligibility.js';

const POLICE = 'aaaaaaaa-0000-4000-8000-000000000001';
const GENDARMERIE = 'aaaaaaaa-0000-4000-8000-000000000002';

const operator = (topics: readonly Topic[], serviceId: string | null = null) => ({ topics: [...topics], serviceId });
const conversation = (topic: Topic, serviceId: string | null = null) => ({ topic, serviceId });

describe('handles: topics', () => {
  it('an operator handles a conversation whose topic is one of theirs', () => {
    expect(handles(operator(['general', 'violence']), conversation('violence'))).toBe(true);
  });

  it('an operator does not handle a topic that is not theirs', () => {
    expect(handles(operator(['general', 'violence']), conversation('discrimination'))).toBe(false);
  });

  it('an operator with no topic at all handles nothing', () => {
    expect(handles(operator([]), conversation('general'))).toBe(false);
  });

  it('minors are not among the default topics: an operator with the defaults does not handle them', () => {
    expect(handles(operator(DEFAULT_OPERATOR_TOPICS), conversation('minors'))).toBe(false);
    for (const topic of DEFAULT_OPERATOR_TOPICS) expect(handles(operator(DEFAULT_OPERATOR_TOPICS), conversation(topic))).toBe(true);
  });

  it('minors are handled by an operator trained for them (minors listed)', () => {
    expect(handles(operator([...DEFAULT_OPERATOR_TOPICS, 'minors']), conversation('minors'))).toBe(true);
    expect(handles(operator(['minors']), conversation('minors'))).toBe(true);
  });
});

describe('handles: services', () => {
  it.each([
    { operatorService: null, conversationService: null, expected: true, why: 'neither has a service' },
    { operatorService: null, conversationService: POLICE, expected: true, why: 'an operator without a service works for all' },
    { operatorService: POLICE, conversationService: null, expected: true, why: 'a conversation from an uncovered postal code goes to anyone' },
    { operatorService: POLICE, conversationService: POLICE, expected: true, why: 'same service' },
    { operatorService: POLICE, conversationService: GENDARMERIE, expected: false, why: 'another service' },
    { operatorService: GENDARMERIE, conversationService: POLICE, expected: false, why: 'another service, the other way round' },
  ])('operator service $operatorService, conversation service $conversationService: $expected ($why)', ({ operatorService, conversationService, expected }) => {
    expect(handles(operator(['general'], operatorService), conversation('general', conversationService))).toBe(expected);
  });

  it('the right service does not make up for a topic the operator does not handle', () => {
    expect(handles(operator(['general'], POLICE), conversation('minors', POLICE))).toBe(false);
    expect(handles(operator(['general'], null), conversation('minors', null))).toBe(false);
  });

  it('the right topic does not make up for another service', () => {
    expect(handles(operator(['minors'], POLICE), conversation('minors', GENDARMERIE))).toBe(false);
  });
});
