// The room at a glance: how many operators are available, paused, offline; the list in the order
// a supervisor looks for (available first, then paused, then offline; by name inside).
import type { OperatorView, Presence } from '@brigade/protocol';

export function presenceCounts(operators: readonly OperatorView[]): Record<Presence, number> {
  const counts: Record<Presence, number> = { available: 0, paused: 0, offline: 0 };
  for (const o of operators) counts[o.presence] += 1;
  return counts;
}

const ORDER: Record<Presence, number> = { available: 0, paused: 1, offline: 2 };

export function sortAgents(operators: readonly OperatorView[]): OperatorView[] {
  return [...operators].sort(
    (a, b) => ORDER[a.presence] - ORDER[b.presence] || a.firstName.localeCompare(b.firstName, 'fr') || a.rank.localeCompare(b.rank, 'fr'),
  );
}
