// Supervisors: hand a waiting conversation to an operator.
import type { StaffAccount } from '@brigade/protocol';
import { useState, type FormEvent } from 'react';
import { SelectField } from '../dsfr/SelectField.js';
import { useT } from '../i18n/i18n.js';
import { ErrorAlert } from '../shared/ErrorAlert.js';
import { useFocusOnMount } from '../shared/use-focus-on-mount.js';

export function AssignForm({
  operators,
  onAssign,
  onCancel,
}: {
  operators: readonly StaffAccount[];
  onAssign(operator: StaffAccount): Promise<void>;
  onCancel(): void;
}) {
  const t = useT();
  const container = useFocusOnMount<HTMLFormElement>();
  const [operatorId, setOperatorId] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const operator = operators.find((o) => o.id === operatorId);
    if (operator === undefined) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    onAssign(operator).catch((e: unknown) => {
      setError(e);
      setBusy(false);
    });
  };

  return (
    <form ref={container} tabIndex={-1} noValidate onSubmit={submit} className="brigade-assign fr-mt-1w">
      <ErrorAlert error={error} />
      {operators.length === 0 ? (
        <p className="fr-text--sm">{t('assign.noOperator')}</p>
      ) : (
        <SelectField
          label={t('assign.operator')}
          placeholder={t('assign.choose')}
          options={operators.map((o) => ({ value: o.id, label: `${o.rank} ${o.firstName} (${o.username})` }))}
          value={operatorId}
          onChange={(value) => {
            setOperatorId(value);
            setMissing(false);
          }}
          error={missing ? t('assign.choose') : null}
        />
      )}
      <div className="brigade-row-actions">
        {operators.length > 0 && (
          <button type="submit" className="fr-btn fr-btn--sm">
            {t('assign.submit')}
          </button>
        )}
        <button type="button" className="fr-btn fr-btn--secondary fr-btn--sm" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
