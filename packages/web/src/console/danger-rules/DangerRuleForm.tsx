// Admin: add or change one danger rule (the whole list is saved by the page).
import { DANGER_CATEGORIES } from '@brigade/protocol';
import { useState, type FormEvent } from 'react';
import { SelectField } from '../../dsfr/SelectField.js';
import { TextField } from '../../dsfr/TextField.js';
import { useT } from '../../i18n/i18n.js';
import { useFocusOnMount } from '../../shared/use-focus-on-mount.js';
import { dangerCategoryLabel } from '../danger-category.js';
import type { FieldErrors } from '../field-errors.js';
import { checkRule, emptyRuleDraft, type DangerRule, type RuleDraft } from './rule-check.js';
import { FormActions } from '../../dsfr/FormActions.js';

export function DangerRuleForm({
  rule,
  otherIds,
  onSubmit,
  onCancel,
}: {
  /** null: a new rule. */
  rule: DangerRule | null;
  otherIds: readonly string[];
  onSubmit(rule: DangerRule): void;
  onCancel(): void;
}) {
  const t = useT();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [draft, setDraft] = useState<RuleDraft>(rule ?? emptyRuleDraft);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = <K extends keyof RuleDraft>(key: K, value: RuleDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = checkRule(draft, otherIds);
    if ('errors' in result) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    onSubmit(result.rule);
  };

  return (
    <section aria-labelledby="rule-form-title" className="brigade-panel brigade-narrow">
      <h2 id="rule-form-title" ref={heading} tabIndex={-1} className="fr-h5">
        {rule === null ? t('rules.addTitle') : t('rules.editTitle', { id: rule.id })}
      </h2>
      <form noValidate onSubmit={submit}>
        <TextField
          label={t('rules.id')}
          hint={t('rules.id.hint')}
          error={errors.id ? t('rules.id.error') : null}
          input={{ name: 'ruleId', value: draft.id, onChange: (e) => set('id', e.target.value), autoComplete: 'off', spellCheck: false, maxLength: 40 }}
        />
        <SelectField
          label={t('rules.category')}
          placeholder={t('rules.category.choose')}
          options={DANGER_CATEGORIES.map((c) => ({ value: c, label: dangerCategoryLabel(t, c) }))}
          value={draft.category}
          onChange={(value) => set('category', value)}
          error={errors.category ? t('rules.category.choose') : null}
        />
        <TextField
          label={t('rules.pattern')}
          hint={t('rules.pattern.hint')}
          error={errors.pattern ? t('rules.pattern.error') : null}
          input={{ name: 'pattern', value: draft.pattern, onChange: (e) => set('pattern', e.target.value), autoComplete: 'off', spellCheck: false, maxLength: 600 }}
        />
        <TextField
          label={t('rules.description')}
          error={errors.description ? t('rules.description.error') : null}
          input={{ name: 'description', value: draft.description, onChange: (e) => set('description', e.target.value), autoComplete: 'off', maxLength: 200 }}
        />
        <FormActions submitLabel={t('rules.save')} onCancel={onCancel} />
      </form>
    </section>
  );
}
