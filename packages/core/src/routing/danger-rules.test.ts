import { describe, expect, it } from 'vitest';
import { DangerMatcher, DEFAULT_DANGER_RULES, normalizeForMatching, ruleProblem } from './danger-rules.js';

const matcher = new DangerMatcher(DEFAULT_DANGER_RULES);

/** Messages that must raise the alarm, with the category expected. */
const MUST_MATCH: [string, string][] = [
  ['Il va me tuer, aidez moi', 'threat_to_life'],
  ['Mon mari menace de me tuer depuis hier soir', 'threat_to_life'],
  ['j’ai peur qu’il me tue', 'threat_to_life'],
  ['Il m’a étranglée hier soir', 'violence_now'],
  ['il me frappe en ce moment', 'violence_now'],
  ['AU SECOURS', 'violence_now'],
  ['Il a sorti un couteau', 'weapon'],
  ['il m’a menacée avec un pistolet', 'weapon'],
  ['un couteau sous la gorge', 'weapon'],
  ['Il est là, derrière la porte', 'aggressor_present'],
  ['mon conjoint rentre bientôt', 'aggressor_present'],
  ['je ne peux pas parler il est à côté', 'aggressor_present'],
  ['Il m’a enfermée dans la chambre', 'confinement'],
  ['je suis séquestrée', 'confinement'],
  ['je veux en finir', 'self_harm'],
  ['Je pense à me suicider', 'self_harm'],
  ['j’ai plus envie de vivre', 'self_harm'],
  ['je me scarifie', 'self_harm'],
  ['il frappe mes enfants', 'child_in_danger'],
  ['Il va nous tuer, moi et les enfants', 'threat_to_life'],
];

/** Ordinary messages that must not: the alarm must stay meaningful. */
const MUST_NOT_MATCH = [
  'Bonjour, comment porter plainte pour un vol de vélo ?',
  'On m’a volé mon couteau suisse dans la voiture',
  'Je reçois des messages d’arnaque sur mon téléphone',
  'Mon voisin fait du bruit tous les soirs',
  'Quelle est la procédure pour une main courante ?',
  'Il est parti depuis deux ans, je voudrais des conseils',
  'Je veux signaler une discrimination à l’embauche',
  'Mon ex publie des photos de moi sur Instagram',
  'Est-ce que je peux venir à la gendarmerie demain ?',
  'Le film parlait d’un tueur, ça m’a fait peur',
  'Je suis enfin libre, merci pour votre aide',
  'Il m’a envoyé un message menaçant la semaine dernière, que faire ?',
];

describe('danger rules', () => {
  it.each(MUST_MATCH)('matches %j', (text, category) => {
    expect(matcher.match(text)?.category).toBe(category);
  });

  it.each(MUST_NOT_MATCH)('does not match %j', (text) => {
    expect(matcher.match(text)).toBeNull();
  });

  it('normalises accents, case, apostrophes and punctuation', () => {
    expect(normalizeForMatching('Il m’a ENFERMÉE !!')).toBe(' il m a enfermee ');
    expect(normalizeForMatching("IL M'A ENFERME, au  SECOURS!")).toBe(' il m a enferme au secours ');
  });

  it('gives plain ASCII (its fast path) the same form as the full decomposition would', () => {
    const full = (text: string): string => ` ${text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
    const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
    const samples = [ascii, 'Au secours', "j'ai peur qu'il me tue", '  Venez VITE !!! 12 rue des Lilas  ', '\t\nx\u007f', '', 'Enfermée à clé', 'ÇA VA ?'];
    for (const text of samples) expect(normalizeForMatching(text), JSON.stringify(text)).toBe(full(text));
  });

  it('validates administrators’ rules', () => {
    expect(ruleProblem({ id: 'x', category: 'weapon', pattern: '(', description: '' })).toBe('pattern_invalid');
    expect(ruleProblem({ id: 'x', category: 'weapon', pattern: '', description: '' })).toBe('pattern_length');
    expect(ruleProblem({ id: 'x', category: 'weapon', pattern: 'a'.repeat(601), description: '' })).toBe('pattern_length');
    expect(ruleProblem({ id: 'x', category: 'weapon', pattern: '\\bgrenade\\b', description: '' })).toBeNull();
    for (const rule of DEFAULT_DANGER_RULES) expect(ruleProblem(rule), rule.id).toBeNull();
  });
});
