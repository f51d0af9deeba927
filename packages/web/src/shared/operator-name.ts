import type { PublicOperator } from '@brigade/protocol';

/** "Adjudante Julie": rank and first name, the only identity citizens ever see. */
export function operatorName(operator: PublicOperator): string {
  return `${operator.rank} ${operator.firstName}`.trim();
}
