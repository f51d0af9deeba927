// Hand a conversation on (its holder, or a supervisor reading it): to a colleague who can take it
// now (with a note for them), or back to the queue under another topic or in another service's
// queue (an optional note). The note is internal: the citizen only learns that it was handed on.
import { TOPICS, type OperatorView, type ServiceView, type Topic, type TransferTarget } from '@brigade/protocol';
import { useRef, useState, type FormEvent } from 'react';
import { ChoiceGroup } from '../../dsfr/ChoiceGroup.js';
import { Dialog } from '../../dsfr/Dialog.js';
import { SelectField } from '../../dsfr/SelectField.js';
import { TextAreaField } from '../../dsfr/TextAreaField.js';
import { useT } from '../../i18n/i18n.js';
import { ErrorAlert } from '../../shared/ErrorAlert.js';
import { operatorName } from '../../shared/operator-name.js';
import { blockerText } from '../routing/blocker-text.js';
import { byAvailability, type Routed } from '../routing/routing-rules.js';
import { useServices } from '../routing/use-services.js';
import { useOperators } from '../use-operators.js';
import { NOTE_MAX, transferTarget, type TransferErrors } from './transfer-target.js';

type Kind = TransferTarget['kind'];
const KINDS: readonly Kind[] = ['operator', 'topic', 'service'];

function ColleagueChoice({
  operators,
  conversation,
  selfId,
  holderId,
  value,
  onChange,
  error,
}: {
  operators: readonly OperatorView[] | null;
  conversation: Routed;
  selfId: string;
  holderId: string | null;
  value: string;
  onChange(operatorId: string): void;
  error: boolean;
}) {
  const t = useT();
  if (operators === null) return <p className="fr-text--sm">{t('transfer.operator.loading')}</p>;
  const choices = byAvailability(operators, conversation, selfId, holderId);
  return (
    <>
      {!choices.some((c) => c.blocker === null) && <p className="fr-text--sm">{t('transfer.operator.none')}</p>}
      {choices.length > 0 && (
        <ChoiceGroup
          type="radio"
          legend={t('transfer.operator.legend')}
          hint={t('transfer.operator.hint')}
          name="transfer-operator"
          choices={choices.map(({ operator, blocker }) => ({
            value: operator.id,
            label: operatorName(operator),
            hint:
              blocker === null
                ? t('transfer.operator.status', { presence: t(`presence.${operator.presence}`), load: operator.load, capacity: operator.capacity })
                : blockerText(t, blocker),
            disabled: blocker !== null,
          }))}
          selected={value === '' ? [] : [value]}
          onToggle={(id) => onChange(id)}
          error={error ? t('transfer.operator.error') : null}
        />
      )}
    </>
  );
}

function ServiceChoice({
  services,
  current,
  value,
  onChange,
  error,
}: {
  services: readonly ServiceView[] | null;
  current: string | null;
  value: string;
  onChange(serviceId: string): void;
  error: boolean;
}) {
  const t = useT();
  if (services === null) return <p className="fr-text--sm">{t('common.loading')}</p>;
  const others = services.filter((s) => s.id !== current);
  if (others.length === 0) return <p className="fr-text--sm">{t('transfer.service.none')}</p>;
  return (
    <SelectField
      label={t('transfer.service')}
      placeholder={t('transfer.service.choose')}
      options={others.map((s) => ({ value: s.id, label: s.name }))}
      value={value}
      onChange={onChange}
      error={error ? t('transfer.service.error') : null}
    />
  );
}

export function TransferDialog({
  conversation,
  selfId,
  holderId = null,
  onTransfer,
  onClose,
}: {
  conversation: Routed;
  /** The person transferring (not offered as a colleague). */
  selfId: string;
  /** Who holds it, when not the person transferring (a supervisor's transfer): shown, not selectable. */
  holderId?: string | null;
  onTransfer(target: TransferTarget): Promise<void>;
  onClose(): void;
}) {
  const t = useT();
  const form = useRef<HTMLFormElement>(null);
  const { operators } = useOperators(true);
  const services = useServices();
  const [kind, setKind] = useState<Kind>('operator');
  const [operatorId, setOperatorId] = useState('');
  const [topic, setTopic] = useState<Topic | ''>('');
  const [serviceId, setServiceId] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<TransferErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const selectable = (id: string) =>
    operators !== null && byAvailability(operators, conversation, selfId, holderId).some((c) => c.operator.id === id && c.blocker === null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const result = transferTarget(kind, { operatorId, topic, serviceId, note }, selectable);
    if ('errors' in result) {
      setErrors(result.errors);
      // The first field in error is read out with its message.
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setErrors({});
    setError(null);
    setBusy(true);
    onTransfer(result.target).catch((e: unknown) => {
      setError(e);
      setBusy(false);
    });
  };

  const noteError = errors.note === 'missing' ? t('transfer.note.error') : errors.note === 'tooLong' ? t('transfer.note.tooLong') : null;
  return (
    <Dialog
      title={t('transfer.title')}
      closeLabel={t('common.close')}
      onClose={onClose}
      footer={
        <ul className="fr-btns-group fr-btns-group--right fr-btns-group--inline-reverse fr-btns-group--inline-lg">
          <li>
            <button type="submit" form="transfer-form" className="fr-btn" disabled={busy}>
              {t('transfer.submit')}
            </button>
          </li>
          <li>
            <button type="button" className="fr-btn fr-btn--secondary" onClick={onClose}>
              {t('common.cancel')}
            </button>
          </li>
        </ul>
      }
    >
      <p>{t('transfer.intro')}</p>
      <ErrorAlert error={error} />
      <form id="transfer-form" ref={form} noValidate onSubmit={submit}>
        <ChoiceGroup
          type="radio"
          legend={t('transfer.kind.legend')}
          name="transfer-kind"
          choices={KINDS.map((value) => ({ value, label: t(`transfer.kind.${value}`), hint: t(`transfer.kind.${value}.hint`) }))}
          selected={[kind]}
          onToggle={(value) => {
            setKind(value);
            setErrors({});
          }}
        />
        {kind === 'operator' && (
          <ColleagueChoice
            operators={operators}
            conversation={conversation}
            selfId={selfId}
            holderId={holderId}
            value={operatorId}
            onChange={(id) => {
              setOperatorId(id);
              setErrors((e) => ({ ...e, operator: false }));
            }}
            error={errors.operator === true}
          />
        )}
        {kind === 'topic' && (
          <SelectField
            label={t('transfer.topic')}
            placeholder={t('transfer.topic.choose')}
            options={TOPICS.filter((value) => value !== conversation.topic).map((value) => ({ value, label: t(`topic.${value}`) }))}
            value={topic}
            onChange={(value) => {
              setTopic(value);
              setErrors((e) => ({ ...e, topic: false }));
            }}
            error={errors.topic === true ? t('transfer.topic.error') : null}
          />
        )}
        {kind === 'service' && (
          <ServiceChoice
            services={services.list}
            current={conversation.serviceId}
            value={serviceId}
            onChange={(id) => {
              setServiceId(id);
              setErrors((e) => ({ ...e, service: false }));
            }}
            error={errors.service === true}
          />
        )}
        <TextAreaField
          label={t(kind === 'operator' ? 'transfer.note.required' : 'transfer.note.optional')}
          hint={t('transfer.note.hint')}
          error={noteError}
          textarea={{
            name: 'note',
            value: note,
            maxLength: NOTE_MAX,
            required: kind === 'operator',
            onChange: (e) => {
              setNote(e.target.value);
              if (errors.note !== undefined) setErrors((x) => ({ ...x, note: undefined }));
            },
          }}
        />
      </form>
    </Dialog>
  );
}
