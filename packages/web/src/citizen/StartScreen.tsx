// First screen: what the service is (and is not), then topic, postal code and the danger
// question. Validated here with the protocol's own schemas before anything is sent; a complete
// postal code is named (commune, département) as a hint, or refused if it does not exist.
import {
  postalAreaSchema,
  postalCodeSchema,
  startConversationResponseSchema,
  TOPICS,
  type StartConversationResponse,
  type Topic,
} from '@brigade/protocol';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Alert } from '../dsfr/Alert.js';
import { ChoiceGroup } from '../dsfr/ChoiceGroup.js';
import { TextField } from '../dsfr/TextField.js';
import { useT } from '../i18n/i18n.js';
import { api } from '../shared/api.js';
import { ErrorAlert } from '../shared/ErrorAlert.js';
import { errorCodeOf } from '../shared/error-text.js';
import { placeName } from '../shared/place-name.js';
import { useFocusOnMount } from '../shared/use-focus-on-mount.js';
import { EmergencyNumbers } from './EmergencyNumbers.js';
import { QUICK_EXIT_HELP_PATH } from './paths.js';

interface Errors {
  topic?: boolean;
  postalCode?: boolean;
  danger?: boolean;
}

/** What the server says of a complete postal code: where it is, or that it does not exist. */
type PostalLookup = { code: string; place: string } | { code: string; unknown: true };

/** Names the postal code being typed, once it has 5 digits (a short pause first: no request per keystroke). */
function usePostalLookup(postalCode: string): PostalLookup | null {
  const [lookup, setLookup] = useState<PostalLookup | null>(null);
  useEffect(() => {
    const parsed = postalCodeSchema.safeParse(postalCode);
    if (!parsed.success) return;
    const code = parsed.data;
    let current = true;
    const timer = setTimeout(() => {
      api('GET', `/api/postal-codes/${code}`, { schema: postalAreaSchema }).then(
        (area) => {
          if (current) setLookup({ code, place: placeName(area) });
        },
        (error: unknown) => {
          // Only a definite "no such code" is shown; a network hiccup is not the person's mistake.
          if (current && errorCodeOf(error) === 'postal_code/unknown') setLookup({ code, unknown: true });
        },
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [postalCode]);
  return lookup !== null && lookup.code === postalCode ? lookup : null;
}

export function StartScreen({
  notice,
  onStarted,
  focusHeading,
}: {
  notice: 'expired' | null;
  onStarted(response: StartConversationResponse, danger: boolean): void;
  focusHeading: boolean;
}) {
  const t = useT();
  const heading = useFocusOnMount<HTMLHeadingElement>(focusHeading);
  const [topic, setTopic] = useState<Topic | null>(null);
  const [postalCode, setPostalCode] = useState('');
  const [danger, setDanger] = useState<boolean | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const form = useRef<HTMLFormElement>(null);
  const lookup = usePostalLookup(postalCode);
  const unknownPostalCode = lookup !== null && 'unknown' in lookup;
  /** The server refused this code when the person submitted it. */
  const [refusedPostalCode, setRefusedPostalCode] = useState<string | null>(null);
  const postalCodeUnknown = unknownPostalCode || (refusedPostalCode !== null && refusedPostalCode === postalCode);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (submitting) return;
    const postal = postalCodeSchema.safeParse(postalCode);
    const found: Errors = {
      ...(topic === null ? { topic: true } : {}),
      ...(!postal.success || postalCodeUnknown ? { postalCode: true } : {}),
      ...(danger === null ? { danger: true } : {}),
    };
    setErrors(found);
    if (topic === null || !postal.success || postalCodeUnknown || danger === null) {
      // Focus the first field in error so it is read out with its message.
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setSubmitting(true);
    setFailure(null);
    try {
      const response = await api('POST', '/api/conversations', {
        body: { topic, postalCode: postal.data, danger },
        schema: startConversationResponseSchema,
      });
      onStarted(response, danger);
    } catch (error) {
      setSubmitting(false);
      if (errorCodeOf(error) === 'postal_code/unknown') {
        setRefusedPostalCode(postal.data);
        setErrors((x) => ({ ...x, postalCode: true }));
        requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('input[name="postalCode"]')?.focus());
      } else setFailure(error);
    }
  };

  return (
    <div className="brigade-start">
      <h1 ref={heading} tabIndex={-1} className="fr-h3">
        {t('start.title')}
      </h1>
      {notice === 'expired' && <Alert className="fr-mb-3w" severity="info" small description={t('start.expired')} />}
      <p>{t('start.intro')}</p>
      <Alert
        className="fr-mb-4w"
        severity="warning"
        as="h2"
        title={t('start.notEmergency.title')}
        description={t('start.notEmergency.text')}
      />
      <ErrorAlert error={failure} title={t('start.errorTitle')} />
      <form ref={form} noValidate onSubmit={(e) => void submit(e)}>
        <ChoiceGroup
          type="radio"
          legend={t('start.topic.legend')}
          name="topic"
          choices={TOPICS.map((value) => ({ value, label: t(`topic.${value}`) }))}
          selected={topic === null ? [] : [topic]}
          onToggle={(value) => {
            setTopic(value);
            setErrors((e) => ({ ...e, topic: false }));
          }}
          error={errors.topic ? t('start.topic.error') : null}
        />
        <TextField
          label={t('start.postalCode.label')}
          hint={t('start.postalCode.hint')}
          error={postalCodeUnknown ? t('error.postal_code/unknown') : errors.postalCode ? t('start.postalCode.error') : null}
          className="brigade-postal-code"
          input={{
            name: 'postalCode',
            value: postalCode,
            inputMode: 'numeric',
            autoComplete: 'postal-code',
            maxLength: 5,
            onChange: (e) => {
              setPostalCode(e.target.value.replace(/\s+/g, ''));
              if (errors.postalCode) setErrors((x) => ({ ...x, postalCode: false }));
            },
          }}
        />
        <div className="fr-messages-group brigade-postal-place" aria-live="polite">
          {lookup !== null && 'place' in lookup && <p className="fr-message fr-message--info">{t('start.postalCode.place', { place: lookup.place })}</p>}
        </div>
        <ChoiceGroup
          type="radio"
          legend={t('start.danger.legend')}
          name="danger"
          inline
          choices={[
            { value: 'yes', label: t('start.danger.yes') },
            { value: 'no', label: t('start.danger.no') },
          ]}
          selected={danger === null ? [] : [danger ? 'yes' : 'no']}
          onToggle={(value) => {
            setDanger(value === 'yes');
            setErrors((e) => ({ ...e, danger: false }));
          }}
          error={errors.danger ? t('start.danger.error') : null}
        />
        {danger === true && <EmergencyNumbers />}
        <button type="submit" className="fr-btn fr-btn--lg fr-mt-4w brigade-start__submit">
          {submitting ? t('start.submitting') : t('start.submit')}
        </button>
      </form>
      <p className="fr-mt-4w">
        <a className="fr-link" href={QUICK_EXIT_HELP_PATH}>
          {t('start.quickExitHelp')}
        </a>
      </p>
    </div>
  );
}
