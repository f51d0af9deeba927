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
  'conversation.taken': 'audit.action.conversation.taken',
  'factor.enrolled': 'audit.action.factor.enrolled',
  'factor.removed': 'audit.action.factor.removed',
  'recovery_codes.regenerated': 'audit.action.recovery_codes.regenerated',
  'settings.danger_rules_changed': 'audit.action.settings.danger_rules_changed',
  'setup.first_admin': 'audit.action.setup.first_admin',
  'staff.created': 'audit.action.staff.created',
  'staff.disabled': 'audit.action.staff.disabled',
  'staff.enabled': 'audit.action.staff.enabled',
  'staff.updated': 'audit.action.staff.updated',
};

export function auditActionLabel(t: Translate, action: string): string {
  const key = ACTIONS[action];
  return key === undefined ? action : t(key);
}
