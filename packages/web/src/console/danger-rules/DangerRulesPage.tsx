// The danger rules: supervisors read them (they receive the alerts), administrators change them.
import { dangerRulesSchema } from '@brigade/protocol';
import { useEffect, useState } from 'react';
import { Table } from '../../dsfr/Table.js';
import { useT } from '../../i18n/i18n.js';
import { api } from '../../shared/api.js';
import { ErrorAlert } from '../../shared/ErrorAlert.js';
import { StatusAlert } from '../../shared/StatusAlert.js';
import { useFocusRequest } from '../../shared/use-focus-request.js';
import { ConfirmDialog } from '../ConfirmDialog.js';
import { dangerCategoryLabel } from '../danger-category.js';
import { useStepUp } from '../step-up/StepUpProvider.js';
import { DangerRuleForm } from './DangerRuleForm.js';
import { putRule, withoutRule, type DangerRule } from './rule-check.js';

type Editing = { rule: DangerRule | null } | null;

export function DangerRulesPage({ canEdit }: { canEdit: boolean }) {
  const t = useT();
  const stepUp = useStepUp();
  const [rules, setRules] = useState<readonly DangerRule[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<DangerRule | null>(null);
  const [addButton, focusAddButton] = useFocusRequest<HTMLButtonElement>();

  useEffect(() => {
    api('GET', '/api/danger-rules', { schema: dangerRulesSchema }).then(
      (answer) => setRules(answer.rules),
      (e: unknown) => setError(e),
    );
  }, []);

  const save = (next: DangerRule[], done: string) => {
    setError(null);
    setStatus(null);
    stepUp(() => api('PUT', '/api/danger-rules', { body: { rules: next }, schema: dangerRulesSchema })).then(
      (answer) => {
        setRules(answer.rules);
        setEditing(null);
        setStatus(done);
        focusAddButton();
      },
      (e: unknown) => setError(e),
    );
  };

  return (
    <div>
      <h1 className="fr-h3">{t('rules.title')}</h1>
      <p>{t('rules.intro')}</p>
      {!canEdit && <p className="fr-text--sm">{t('rules.readOnly')}</p>}
      <StatusAlert text={status} />
      <ErrorAlert error={error} />
      {rules === null ? (
        error === null && <p>{t('common.loading')}</p>
      ) : (
        <>
          {canEdit && editing === null && (
            <button ref={addButton} type="button" className="fr-btn fr-btn--secondary fr-mb-3w" onClick={() => setEditing({ rule: null })}>
              {t('rules.add')}
            </button>
          )}
          {canEdit && editing !== null && (
            <DangerRuleForm
              key={editing.rule?.id ?? 'new'}
              rule={editing.rule}
              otherIds={rules.filter((r) => r.id !== editing.rule?.id).map((r) => r.id)}
              onCancel={() => {
                setEditing(null);
                focusAddButton();
              }}
              onSubmit={(rule) => save(putRule(rules, editing.rule?.id ?? null, rule), t('rules.saved', { id: rule.id }))}
            />
          )}
          <Table
            caption={t('rules.caption', { count: rules.length })}
            className="brigade-rules"
            multiline
            head={
              <>
                <th scope="col">{t('rules.id')}</th>
                <th scope="col">{t('rules.category')}</th>
                <th scope="col">{t('rules.pattern')}</th>
                <th scope="col">{t('rules.description')}</th>
                {canEdit && <th scope="col">{t('common.actions')}</th>}
              </>
            }
          >
            {rules.map((rule) => (
              <tr key={rule.id}>
                <td>
                  <code>{rule.id}</code>
                </td>
                <td>{dangerCategoryLabel(t, rule.category)}</td>
                <td>
                  <code className="brigade-pattern" translate="no">
                    {rule.pattern}
                  </code>
                </td>
                <td>{rule.description === '' ? '—' : rule.description}</td>
                {canEdit && (
                  <td>
                    <div className="brigade-row-actions">
                      <button
                        type="button"
                        className="fr-btn fr-btn--tertiary fr-btn--sm"
                        aria-label={t('rules.editLabel', { id: rule.id })}
                        onClick={() => {
                          setStatus(null);
                          setEditing({ rule });
                        }}
                      >
                        {t('rules.edit')}
                      </button>
                      <button
                        type="button"
                        className="fr-btn fr-btn--tertiary fr-btn--sm"
                        aria-label={t('rules.deleteLabel', { id: rule.id })}
                        onClick={() => setDeleting(rule)}
                      >
                        {t('rules.delete')}
                      </button>
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </Table>
        </>
      )}
      {deleting !== null && rules !== null && (
        <ConfirmDialog
          title={t('rules.deleteTitle', { id: deleting.id })}
          text={t('rules.deleteText')}
          confirmLabel={t('rules.delete')}
          onConfirm={() => {
            const rule = deleting;
            setDeleting(null);
            save(withoutRule(rules, rule.id), t('rules.deleted', { id: rule.id }));
          }}
          onCancel={() => setDeleting(null)}
        />
      )}
    </div>
  );
}
