// Administrators: each topic's level in the queue (1 = most urgent … 9), with the rules that
// order the queue around it (danger first, ageing, longest wait). Saving re-orders every console.
// Below, the switch for automatic assignment.
import { DEFAULT_TOPIC_LEVELS, MAX_TOPIC_LEVEL, TOPICS, topicPrioritiesSchema, type Topic, type TopicLevels } from '@brigade/protocol';
import { useEffect, useState, type FormEvent } from 'react';
import { SelectField } from '../../dsfr/SelectField.js';
import { useT, type Translate } from '../../i18n/i18n.js';
import { api } from '../../shared/api.js';
import { ErrorAlert } from '../../shared/ErrorAlert.js';
import { StatusAlert } from '../../shared/StatusAlert.js';
import { useStepUp } from '../step-up/StepUpProvider.js';
import { AutoAssignSection } from './AutoAssignSection.js';

const LEVELS = Array.from({ length: MAX_TOPIC_LEVEL }, (_, i) => String(i + 1));

function levelLabel(t: Translate, level: string): string {
  if (level === '1') return t('priorities.levelMost');
  if (level === String(MAX_TOPIC_LEVEL)) return t('priorities.levelLeast');
  return t('priorities.level', { level });
}

function sameLevels(a: TopicLevels, b: TopicLevels): boolean {
  return TOPICS.every((topic) => a[topic] === b[topic]);
}

export function PrioritiesPage() {
  const t = useT();
  const stepUp = useStepUp();
  const [saved, setSaved] = useState<TopicLevels | null>(null);
  const [levels, setLevels] = useState<TopicLevels | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api('GET', '/api/topic-priorities', { schema: topicPrioritiesSchema }).then(
      (answer) => {
        setSaved(answer.levels);
        setLevels(answer.levels);
      },
      (e: unknown) => setError(e),
    );
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy || levels === null) return;
    setError(null);
    if (saved !== null && sameLevels(levels, saved)) {
      setStatus(t('priorities.unchanged'));
      return;
    }
    setStatus(null);
    setBusy(true);
    stepUp(() => api('PUT', '/api/topic-priorities', { body: { levels }, schema: topicPrioritiesSchema })).then(
      (answer) => {
        setBusy(false);
        setSaved(answer.levels);
        setLevels(answer.levels);
        setStatus(t('priorities.saved'));
      },
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };

  const set = (topic: Topic, value: string) => {
    if (levels === null || value === '') return;
    setLevels({ ...levels, [topic]: Number(value) });
    setStatus(null);
  };

  return (
    <div className="brigade-narrow">
      <h1 className="fr-h3">{t('priorities.title')}</h1>
      <p className="fr-mb-1w">{t('priorities.intro')}</p>
      <ol className="fr-mb-3w">
        <li>{t('priorities.rule.danger')}</li>
        <li>{t('priorities.rule.level')}</li>
        <li>{t('priorities.rule.ageing')}</li>
        <li>{t('priorities.rule.wait')}</li>
      </ol>
      <StatusAlert text={status} />
      <ErrorAlert error={error} />
      {levels === null ? (
        error === null && <p>{t('common.loading')}</p>
      ) : (
        <form noValidate onSubmit={submit}>
          <fieldset className="fr-fieldset">
            <legend className="fr-fieldset__legend">{t('priorities.legend')}</legend>
            {TOPICS.map((topic) => (
              <div key={topic} className="fr-fieldset__element">
                <SelectField
                  label={t(`topicShort.${topic}`)}
                  {...(t(`topic.${topic}`) === t(`topicShort.${topic}`) ? {} : { hint: t(`topic.${topic}`) })}
                  options={LEVELS.map((level) => ({ value: level, label: levelLabel(t, level) }))}
                  value={String(levels[topic])}
                  onChange={(value) => set(topic, value)}
                />
              </div>
            ))}
          </fieldset>
          <ul className="fr-btns-group fr-btns-group--inline-md">
            <li>
              <button type="submit" className="fr-btn" disabled={busy}>
                {t('priorities.save')}
              </button>
            </li>
            <li>
              <button
                type="button"
                className="fr-btn fr-btn--secondary"
                onClick={() => {
                  setLevels({ ...DEFAULT_TOPIC_LEVELS });
                  setStatus(null);
                }}
              >
                {t('priorities.defaults')}
              </button>
            </li>
          </ul>
        </form>
      )}
      <AutoAssignSection />
    </div>
  );
}
