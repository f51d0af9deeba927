import { describe, expect, test } from 'vitest';
import { translator } from '../../i18n/i18n.js';
import { uuid } from '../../realtime/test-builders.js';
import { routingSummary } from './routing-summary.js';

const t = translator('fr');
const RENNES = uuid(900);
const names = (id: string) => (id === RENNES ? 'Brigade de Rennes' : null);
const DEFAULT_TOPICS = ['general', 'violence', 'cyberharassment', 'discrimination', 'other'] as const;

describe('an account’s routing profile in the accounts table', () => {
  test('the default profile: every topic but minors, every service', () => {
    expect(routingSummary(t, { capacity: 6, topics: [...DEFAULT_TOPICS], serviceId: null }, names)).toEqual({
      capacity: '6 conversations à la fois',
      topics: 'Tous les sujets sauf mineurs',
      minors: false,
      service: 'Tous les services',
    });
  });

  test('minors are set apart as a badge, whatever the other topics', () => {
    const all = routingSummary(t, { capacity: 6, topics: ['minors', ...DEFAULT_TOPICS], serviceId: RENNES }, names);
    expect(all).toMatchObject({ topics: 'Tous les sujets', minors: true, service: 'Service : Brigade de Rennes' });
    expect(routingSummary(t, { capacity: 1, topics: ['minors'], serviceId: null }, names)).toMatchObject({
      capacity: '1 conversation à la fois',
      topics: '',
      minors: true,
    });
  });

  test('a few topics are named, more are counted; none is said', () => {
    expect(routingSummary(t, { capacity: 6, topics: ['violence', 'minors', 'general'], serviceId: null }, names).topics).toBe(
      'Général, Violences (VIF, VSS)',
    );
    expect(routingSummary(t, { capacity: 6, topics: ['violence', 'general', 'other'], serviceId: null }, names).topics).toBe('3 sujets sur 5');
    expect(routingSummary(t, { capacity: 6, topics: [], serviceId: null }, names).topics).toBe('Aucun sujet');
  });

  test('a service not known yet is still said to be one', () => {
    expect(routingSummary(t, { capacity: 6, topics: [], serviceId: uuid(901) }, names).service).toBe('Service : nom inconnu');
  });
});
