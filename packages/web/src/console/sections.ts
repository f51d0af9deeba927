// The console's pages and who sees which: the queue for those who work it, the operators
// ("Agents") for supervisors, the danger rules for supervisors (read) and administrators (edit),
// accounts, services, queue priorities and audit for administrators, and "Mon compte" for everyone.
import type { Role } from '@brigade/protocol';

export const SECTIONS = ['conversations', 'agents', 'rules', 'accounts', 'services', 'priorities', 'audit', 'account'] as const;
export type Section = (typeof SECTIONS)[number];

const ALLOWED: Record<Section, (roles: readonly Role[]) => boolean> = {
  conversations: (roles) => roles.includes('operator') || roles.includes('supervisor'),
  agents: (roles) => roles.includes('supervisor'),
  rules: (roles) => roles.includes('supervisor') || roles.includes('admin'),
  accounts: (roles) => roles.includes('admin'),
  services: (roles) => roles.includes('admin'),
  priorities: (roles) => roles.includes('admin'),
  audit: (roles) => roles.includes('admin'),
  account: () => true,
};

export function sectionsFor(roles: readonly Role[]): Section[] {
  return SECTIONS.filter((section) => ALLOWED[section](roles));
}

/** Where the console opens: the queue for those who work it, the accounts for administrators. */
export function landingSection(roles: readonly Role[]): Section {
  const allowed = sectionsFor(roles);
  return (['conversations', 'accounts'] as const).find((s) => allowed.includes(s)) ?? allowed[0] ?? 'account';
}
