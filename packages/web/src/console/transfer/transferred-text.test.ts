import { describe, expect, test } from 'vitest';
import { translator } from '../../i18n/i18n.js';
import { uuid } from '../../realtime/test-builders.js';
import { transferredText } from './transferred-text.js';

const t = translator('fr');

describe('a supervisor’s transfer, said once done', () => {
  test('names the colleague who holds it now, or says a colleague does', () => {
    const target = { kind: 'operator' as const, operatorId: uuid(2), note: 'À rappeler.' };
    expect(transferredText(t, target, { rank: 'Gendarme', firstName: 'Paul' }, null)).toBe('Conversation transférée à Gendarme Paul.');
    expect(transferredText(t, target, null, null)).toBe('Conversation transférée à un ou une collègue.');
  });

  test('names the topic or the service whose queue it is back in', () => {
    expect(transferredText(t, { kind: 'topic', topic: 'discrimination' }, null, null)).toBe(
      'Conversation remise dans la file d’attente sous le sujet « Discrimination ».',
    );
    expect(transferredText(t, { kind: 'service', serviceId: uuid(9) }, null, 'Brigade de Rennes')).toBe(
      'Conversation remise dans la file d’attente du service « Brigade de Rennes ».',
    );
    expect(transferredText(t, { kind: 'service', serviceId: uuid(9) }, null, null)).toBe(
      'Conversation remise dans la file d’attente d’un autre service.',
    );
  });
});
