// Close with an outcome (required: it feeds the statistics and the case record).
import { OPERATOR_OUTCOMES } from '@brigade/protocol';
import { useState, type FormEvent } from 'react';
import { SelectField } from '../dsfr/SelectField.js';
import { useT } from '../i18n/i18n.js';
import { ErrorAlert } from '../shared/ErrorAlert.js';

type OperatorOutcome = (typeof OPERATOR_OUTCOMES)[number];

export function CloseConversationForm({ onClose }: { onClose(outcome: OperatorOutcome): Promise<void> }) {
  const t = useT();
  const [outcome, setOutcome] = useState<OperatorOutcome | ''>('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (outcome === '') {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    onClose(outcome).then(
      () => setBusy(false),
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };

  return (
    <form className="brigade-close" onSubmit={submit} noValidate aria-labelledby="close-legend">
      <h3 id="close-legend" className="fr-h6 fr-mb-1w">
        {t('close.legend')}
      </h3>
      <ErrorAlert error={error} />
      <div className="brigade-close__row">
        <SelectField
          label={t('close.outcome')}
          placeholder={t('close.choose')}
          options={OPERATOR_OUTCOMES.map((value) => ({ value, label: t(`outcome.${value}`) }))}
          value={outcome}
          onChange={(value) => {
            setOutcome(value);
            setMissing(false);
          }}
          error={missing ? t('close.choose') : null}
        />
        <button type="submit" className="fr-btn fr-btn--secondary">
          {t('close.submit')}
        </button>
      </div>
    </form>
  );
}
