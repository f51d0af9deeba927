// Supervisors: hand a waiting conversation to an operator. Only operators who are available, have
// room and handle its topic and service can be chosen; the others are listed with the reason.
import type { OperatorView } from '@brigade/protocol';
import { useState, type FormEvent } from 'react';
import { SelectField } from '../dsfr/SelectField.js';
import { useT } from '../i18n/i18n.js';
import { ErrorAlert } from '../shared/ErrorAlert.js';
import { operatorName } from '../shared/operator-name.js';
import { useFocusOnMount } from '../shared/use-focus-on-mount.js';
import { blockerText } from './routing/blocker-text.js';
import { byAvailability, type Routed } from './routing/routing-rules.js';
import { useOperators } from './use-operators.js';

export function AssignForm({
  conversation,
  onAssign,
  onCancel,
}: {
  conversation: Routed;
  onAssign(operator: OperatorView): Promise<void>;
  onCancel(): void;
}) {
  const t = useT();
  const container = useFocusOnMount<HTMLFormElement>();
  const { operators, error: loadError } = useOperators(true);
  const [operatorId, setOperatorId] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const choices = operators === null ? null : byAvailability(operators, conversation, null);
  const selectable = choices?.filter((c) => c.blocker === null) ?? [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const operator = selectable.find((c) => c.operator.id === operatorId)?.operator;
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
      <ErrorAlert error={error ?? (choices === null ? loadError : null)} />
      {choices === null ? (
        loadError === null && <p className="fr-text--sm">{t('assign.loading')}</p>
      ) : selectable.length === 0 ? (
        <p className="fr-text--sm">{t('assign.noOperator')}</p>
      ) : null}
      {choices !== null && choices.length > 0 && (
        <SelectField
          label={t('assign.operator')}
          hint={t('assign.hint')}
          placeholder={t('assign.choose')}
          options={choices.map(({ operator, blocker }) => ({
            value: operator.id,
            label:
              blocker === null
                ? `${operatorName(operator)} (${t('presence.load', { load: operator.load, capacity: operator.capacity })})`
                : t('assign.unavailable', { operator: operatorName(operator), reason: blockerText(t, blocker) }),
            disabled: blocker !== null,
          }))}
          value={operatorId}
          onChange={(value) => {
            setOperatorId(value);
            setMissing(false);
          }}
          error={missing ? t('assign.choose') : null}
        />
      )}
      <div className="brigade-row-actions">
        {selectable.length > 0 && (
          <button type="submit" className="fr-btn fr-btn--sm" disabled={busy}>
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
