import type { Actor } from '../actor.js';
import { auditStaff } from '../audit/record-audit.js';
import type { AuditLog } from '../audit/audit-log.js';
import { DomainError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import { DangerMatcher, type DangerRule, DEFAULT_DANGER_RULES, ruleProblem } from './danger-rules.js';

/** Where the rules in force are kept (null when never changed: the defaults apply). */
export interface DangerRuleStore {
  load(): Promise<DangerRule[] | null>;
  save(rules: DangerRule[], at: string): Promise<void>;
}

/** The rules in force, swapped atomically when an administrator changes them. */
export class DangerRules {
  private matcher: DangerMatcher;
  constructor(rules: readonly DangerRule[] = DEFAULT_DANGER_RULES) {
    this.matcher = new DangerMatcher(rules);
  }
  static async load(store: DangerRuleStore): Promise<DangerRules> {
    return new DangerRules((await store.load()) ?? DEFAULT_DANGER_RULES);
  }
  get rules(): readonly DangerRule[] {
    return this.matcher.rules;
  }
  match(text: string): DangerRule | null {
    return this.matcher.match(text);
  }
  replace(rules: readonly DangerRule[]): void {
    this.matcher = new DangerMatcher(rules);
  }
}

export interface DangerRuleDeps {
  dangerRules: DangerRules;
  dangerRuleStore: DangerRuleStore;
  audit: AuditLog;
  clock: Clock;
}

function requireAdmin(actor: Actor): asserts actor is Extract<Actor, { kind: 'staff' }> {
  if (actor.kind !== 'staff' || !actor.roles.includes('admin')) throw new DomainError('auth/forbidden');
}

/** Administrators (and supervisors, who see the alerts) read the rules in force. */
export function readDangerRules(deps: DangerRuleDeps, actor: Actor): readonly DangerRule[] {
  if (actor.kind !== 'staff' || !(actor.roles.includes('admin') || actor.roles.includes('supervisor'))) throw new DomainError('auth/forbidden');
  return deps.dangerRules.rules;
}

/** An administrator replaces the rules; each must be a valid, bounded pattern with a unique id. */
export async function replaceDangerRules(deps: DangerRuleDeps, actor: Actor, rules: DangerRule[]): Promise<readonly DangerRule[]> {
  requireAdmin(actor);
  const ids = new Set<string>();
  for (const rule of rules) {
    if (ruleProblem(rule) || ids.has(rule.id)) throw new DomainError('request/invalid', `rule ${rule.id}`);
    ids.add(rule.id);
  }
  const at = deps.clock.now().toISOString();
  await deps.dangerRuleStore.save(rules, at);
  deps.dangerRules.replace(rules);
  await auditStaff(deps, actor, 'settings.danger_rules_changed', { detail: { rules: rules.length } });
  return deps.dangerRules.rules;
}
