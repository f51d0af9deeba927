// A service's name, to create a service or rename one: checked with the protocol's schema, the
// server's refusal (name taken) shown on the field.
import { serviceNameRequestSchema, type ServiceView } from '@brigade/protocol';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { TextField } from '../../dsfr/TextField.js';
import { useT } from '../../i18n/i18n.js';
import { ErrorAlert } from '../../shared/ErrorAlert.js';
import { errorCodeOf } from '../../shared/error-text.js';
import { FormActions } from '../../dsfr/FormActions.js';

export function ServiceNameForm({
  label,
  submitLabel,
  initial = '',
  focus = false,
  send,
  onDone,
  onCancel,
}: {
  label: string;
  submitLabel: string;
  initial?: string;
  /** Focus the field when shown (a panel opened for it). */
  focus?: boolean;
  send(name: string): Promise<ServiceView>;
  onDone(service: ServiceView): void;
  onCancel?(): void;
}) {
  const t = useT();
  const inputId = `service-name-${useId().replace(/:/g, '')}`;
  const focusInput = () => document.getElementById(inputId)?.focus();
  const [name, setName] = useState(initial);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (focus) document.getElementById(inputId)?.focus();
  }, [focus, inputId]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const parsed = serviceNameRequestSchema.safeParse({ name });
    setError(null);
    if (!parsed.success) {
      setFieldError(t('services.name.error'));
      focusInput();
      return;
    }
    setFieldError(null);
    setBusy(true);
    send(parsed.data.name).then(
      (service) => {
        setBusy(false);
        setName('');
        onDone(service);
      },
      (e: unknown) => {
        setBusy(false);
        if (errorCodeOf(e) === 'service/name_taken') {
          setFieldError(t('error.service/name_taken'));
          focusInput();
        } else setError(e);
      },
    );
  };

  return (
    <form noValidate onSubmit={submit}>
      <ErrorAlert error={error} />
      <TextField
        label={label}
        hint={t('services.name.hint')}
        error={fieldError}
        input={{ id: inputId, name: 'serviceName', value: name, onChange: (e) => setName(e.target.value), autoComplete: 'off', maxLength: 80 }}
      />
      <FormActions submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}
