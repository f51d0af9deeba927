// Labels of the danger rule categories (staff only); unknown ones are shown as sent.
import { DANGER_CATEGORIES } from '@brigade/protocol';
import type { Translate } from '../i18n/i18n.js';

type DangerCategory = (typeof DANGER_CATEGORIES)[number];

function isDangerCategory(value: string): value is DangerCategory {
  return (DANGER_CATEGORIES as readonly string[]).includes(value);
}

export function dangerCategoryLabel(t: Translate, category: string | null): string {
  if (category === null) return t('danger.category.unknown');
  // Not a rule: the citizen answered "yes" to "are you in immediate danger?".
  if (category === 'declared_by_citizen') return t('danger.category.declared_by_citizen');
  return isDangerCategory(category) ? t(`danger.category.${category}`) : category;
}
