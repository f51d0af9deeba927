/** A danger rule: a pattern matched against a citizen message, normalised (see `normalizeForMatching`). */
export interface DangerRule {
  id: string;
  category: 'threat_to_life' | 'weapon' | 'aggressor_present' | 'violence_now' | 'self_harm' | 'confinement' | 'child_in_danger';
  /** Regular expression source, applied with the `u` flag to the normalised text. */
  pattern: string;
  description: string;
}

/** Longest pattern accepted from an administrator (keeps matching cheap and reviewable). */
export const MAX_RULE_PATTERN_LENGTH = 600;

/**
 * Lowercase, without accents, apostrophes and punctuation turned to spaces, spaces collapsed:
 * "Il m’a ENFERMÉE !" → "il m a enfermee". Rules are written against this form.
 */
export function normalizeForMatching(text: string): string {
  // Plain ASCII has no accents to strip: decomposing it would copy it for nothing (a hot path:
  // every citizen message goes through here).
  const letters = NON_ASCII.test(text) ? text.normalize('NFD').replace(/\p{M}/gu, '') : text;
  return ` ${letters
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

const NON_ASCII = /[^\x00-\x7f]/;

// Written against the normalised form: no accents, apostrophes become spaces (m a = m'a).
const HE = '(?:il|mon (?:mari|conjoint|copain|compagnon|ex|pere|beau pere|frere)|elle|ma (?:femme|compagne|copine|conjointe|mere))';
const WEAPON = '(?:couteau|arme|fusil|pistolet|revolver|hache|carabine|machette|cutter|lame)';

/** The rules shipped by default; administrators can read and replace them. */
export const DEFAULT_DANGER_RULES: readonly DangerRule[] = [
  { id: 'kill-threat', category: 'threat_to_life', pattern: `\\b(?:${HE} )?(?:va|veut|vais|voulait|menace de|menace|a menace de|essaye de|essaie de) (?:me|nous|la|le|les) tuer\\b`, description: 'Menace de mort' },
  { id: 'kill-fear', category: 'threat_to_life', pattern: '\\b(?:peur|j ai peur) (?:qu il|qu elle|que) (?:me|nous) tue\\b|\\bje vais mourir\\b|\\bil va me tuer\\b', description: 'Peur d’être tuée' },
  { id: 'strangle', category: 'violence_now', pattern: '\\b(?:m|nous|l) (?:a |)(?:etrangle|etrangler|etouffe|etouffer)\\w*|\\bserre (?:le|mon) cou\\b', description: 'Strangulation' },
  { id: 'beating-now', category: 'violence_now', pattern: `\\b${HE} (?:me|nous) (?:frappe|bat|tabasse|cogne|viole)\\b|\\b(?:en train de|est en train de) (?:me|nous) (?:frapper|battre|taper)\\b`, description: 'Violences en cours' },
  { id: 'help-cry', category: 'violence_now', pattern: '\\bau secours\\b|\\bvenez vite\\b|\\bappelez la police\\b|\\bsauvez moi\\b', description: 'Appel au secours' },
  { id: 'weapon-threat', category: 'weapon', pattern: `\\b(?:avec|sorti|pris|brandi\\w*|pointe|menace\\w*(?: avec)?|a) (?:un|une|son|sa|le|la|des) ${WEAPON}\\b|\\b${WEAPON} (?:sous la gorge|contre moi|sur moi|sur la tempe)\\b`, description: 'Arme' },
  { id: 'aggressor-here', category: 'aggressor_present', pattern: `\\b${HE} (?:est|et) (?:la|ici|a cote|derriere la porte|devant la porte|dans (?:la|l) (?:maison|appartement|chambre|salon))\\b|\\b${HE} (?:arrive|rentre|revient|defonce la porte|tape a la porte|frappe a la porte)\\b`, description: 'Agresseur présent ou qui arrive' },
  { id: 'cannot-speak', category: 'aggressor_present', pattern: '\\b(?:je ne peux pas|peux pas|je peux pas) (?:parler|appeler|telephoner)\\b|\\bil (?:ecoute|surveille) (?:tout|ce que)\\b', description: 'Ne peut pas parler' },
  { id: 'locked-in', category: 'confinement', pattern: '\\b(?:m a|nous a|suis|sommes|je suis) (?:enferme|enfermee|enfermes|enfermees|sequestre|sequestree)s?\\b|\\benfermee? (?:dans|a cle)\\b', description: 'Enfermement, séquestration' },
  { id: 'suicide', category: 'self_harm', pattern: '\\b(?:me suicider|suicide|suicider|en finir|mettre fin a mes jours|me tuer|plus envie de vivre|envie de mourir|me jeter|me pendre)\\b', description: 'Idées suicidaires' },
  { id: 'self-harm', category: 'self_harm', pattern: '\\b(?:me faire du mal|me scarifie\\w*|me mutile\\w*|me couper les veines|avale des (?:medicaments|cachets))\\b', description: 'Automutilation' },
  { id: 'child-danger', category: 'child_in_danger', pattern: `\\b${HE} (?:frappe|bat|tape|menace|enferme) (?:mon|ma|mes|les|nos|notre) (?:enfant|enfants|fils|fille|bebe|petit|petite)\\b`, description: 'Enfant en danger' },
];

/** A rule list ready to test messages: compiled once. */
export class DangerMatcher {
  private readonly compiled: { rule: DangerRule; regex: RegExp }[];
  constructor(readonly rules: readonly DangerRule[]) {
    this.compiled = rules.map((rule) => ({ rule, regex: new RegExp(rule.pattern, 'u') }));
  }
  /** The first rule a message matches, or null. */
  match(text: string): DangerRule | null {
    const normalized = normalizeForMatching(text);
    for (const { rule, regex } of this.compiled) if (regex.test(normalized)) return rule;
    return null;
  }
}

/** Checks an administrator's rule: a valid, bounded regular expression. */
export function ruleProblem(rule: DangerRule): string | null {
  if (rule.pattern.length === 0 || rule.pattern.length > MAX_RULE_PATTERN_LENGTH) return 'pattern_length';
  try {
    new RegExp(rule.pattern, 'u');
  } catch {
    return 'pattern_invalid';
  }
  return null;
}
