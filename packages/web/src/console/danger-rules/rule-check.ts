// Checking and applying an administrator's change to the danger rules, before sending the whole
// list (`PUT /api/danger-rules`): the same checks as the server (schema, unique id, a pattern
// that compiles with the `u` flag), so mistakes are shown next to their field.
import { dangerRuleSchema, type DANGER_CATEGORIES } from '@brigade/protocol';
import type { Infer } from '../../shared/api.js';
import type { FieldErrors } from '../field-errors.js';

export type DangerRule = Infer<typeof dangerRuleSchema>;
export type DangerCategory = (typeof DANGER_CATEGORIES)[number];

export interface RuleDraft {
  id: string;
  category: DangerCategory | '';
  pattern: string;
  description: string;
}

export const emptyRuleDraft: RuleDraft = { id: '', category: '', pattern: '', description: '' };

/** The rule, or the fields in error (`id` also when another rule has it). */
export function checkRule(draft: RuleDraft, otherIds: readonly string[]): { rule: DangerRule } | { errors: FieldErrors } {
  const errors: Record<string, boolean> = {};
  const parsed = dangerRuleSchema.safeParse({ ...draft, category: draft.category === '' ? undefined : draft.category });
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] = true;
  if (otherIds.includes(draft.id.trim())) errors.id = true;
  try {
    new RegExp(draft.pattern, 'u');
  } catch {
    errors.pattern = true;
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { errors };
  return { rule: parsed.data };
}

/** Replaces the rule that had `originalId` (kept in place), or adds it at the end. */
export function putRule(rules: readonly DangerRule[], originalId: string | null, rule: DangerRule): DangerRule[] {
  if (originalId === null || !rules.some((r) => r.id === originalId)) return [...rules, rule];
  return rules.map((r) => (r.id === originalId ? rule : r));
}

export function withoutRule(rules: readonly DangerRule[], id: string): DangerRule[] {
  return rules.filter((r) => r.id !== id);
}
