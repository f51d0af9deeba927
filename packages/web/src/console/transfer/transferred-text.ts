// What a supervisor is told once their transfer of a conversation they read went through.
import type { PublicOperator, TransferTarget } from '@brigade/protocol';
import type { Translate } from '../../i18n/i18n.js';
import { operatorName } from '../../shared/operator-name.js';

/**
 * `holder`: who holds the conversation now (known from the update that came before the answer);
 * `serviceName`: the target service's name, if known.
 */
export function transferredText(t: Translate, target: TransferTarget, holder: PublicOperator | null, serviceName: string | null): string {
  if (target.kind === 'operator') {
    return holder === null ? t('readOnly.transferred.colleague') : t('readOnly.transferred.operator', { operator: operatorName(holder) });
  }
  if (target.kind === 'topic') return t('readOnly.transferred.topic', { topic: t(`topic.${target.topic}`) });
  return serviceName === null ? t('readOnly.transferred.someService') : t('readOnly.transferred.service', { service: serviceName });
}
