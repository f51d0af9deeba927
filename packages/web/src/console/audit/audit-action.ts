// Audit actions in words. An action this console does not know yet is shown as recorded.
import type { MessageKey, Translate } from '../../i18n/i18n.js';

const ACTIONS: Readonly<Record<string, MessageKey>> = {
  'audit.searched': 'audit.action.audit.searched',
  'auth.login_failed': 'audit.action.auth.login_failed',
  'auth.login_succeeded': 'audit.action.auth.login_succeeded',
  'auth.logout': 'audit.action.auth.logout',
  'auth.second_factor_failed': 'audit.action.auth.second_factor_failed',
  'auth.second_factor_succeeded': 'audit.action.auth.second_factor_succeeded',
  'auth.session_revoked': 'audit.action.auth.session_revoked',
  'conversation.assigned': 'audit.action.conversation.assigned',
  'conversation.closed': 'audit.action.conversation.closed',
  'conversation.read': 'audit.action.conversation.read',
  'conversation.returned_to_queue': 'audit.action.conversation.returned_to_queue',
  'conversation.taken': 'audit.action.conversation.taken',
  'conversation.transferred': 'audit.action.conversation.transferred',
  'factor.enrolled': 'audit.action.factor.enrolled',
  'factor.removed': 'audit.action.factor.removed',
  'recovery_codes.regenerated': 'audit.action.recovery_codes.regenerated',
  'service.coverage_imported': 'audit.action.service.coverage_imported',
  'service.created': 'audit.action.service.created',
  'service.deleted': 'audit.action.service.deleted',
  'service.renamed': 'audit.action.service.renamed',
  'settings.danger_rules_changed': 'audit.action.settings.danger_rules_changed',
  'settings.topic_priorities_changed': 'audit.action.settings.topic_priorities_changed',
  'setup.first_admin': 'audit.action.setup.first_admin',
  'staff.availability_changed': 'audit.action.staff.availability_changed',
  'staff.created': 'audit.action.staff.created',
  'staff.disabled': 'audit.action.staff.disabled',
  'staff.enabled': 'audit.action.staff.enabled',
  'staff.updated': 'audit.action.staff.updated',
};

export function auditActionLabel(t: Translate, action: string): string {
  const key = ACTIONS[action];
  return key === undefined ? action : t(key);
}
