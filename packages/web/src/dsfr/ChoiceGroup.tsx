// DSFR radio or checkbox group in a fieldset, legend and error message included.
import { useId, type ReactNode } from 'react';

export interface Choice<V extends string> {
  value: V;
  label: ReactNode;
  hint?: ReactNode;
  /** Shown but not selectable (say why in the hint). */
  disabled?: boolean;
}

export interface ChoiceGroupProps<V extends string> {
  type: 'radio' | 'checkbox';
  legend: ReactNode;
  hint?: ReactNode;
  name: string;
  choices: readonly Choice<V>[];
  selected: readonly V[];
  onToggle(value: V, checked: boolean): void;
  error?: string | null;
  inline?: boolean;
  className?: string;
}

export function ChoiceGroup<V extends string>({
  type,
  legend,
  hint,
  name,
  choices,
  selected,
  onToggle,
  error,
  inline = false,
  className,
}: ChoiceGroupProps<V>) {
  const id = `fieldset-${useId().replace(/:/g, '')}`;
  const hasError = error !== undefined && error !== null && error !== '';
  const messagesId = `${id}-messages`;
  return (
    <fieldset
      id={id}
      className={['fr-fieldset', hasError ? 'fr-fieldset--error' : '', className ?? ''].filter(Boolean).join(' ')}
      aria-labelledby={`${id}-legend ${messagesId}`}
      role={hasError ? 'group' : undefined}
    >
      <legend id={`${id}-legend`} className="fr-fieldset__legend fr-text--regular">
        {legend}
        {hint !== undefined && <span className="fr-hint-text">{hint}</span>}
      </legend>
      {choices.map((choice, i) => {
        const inputId = `${id}-${i}`;
        return (
          <div key={choice.value} className={['fr-fieldset__element', inline ? 'fr-fieldset__element--inline' : ''].filter(Boolean).join(' ')}>
            <div className={type === 'radio' ? 'fr-radio-group' : 'fr-checkbox-group'}>
              <input
                type={type}
                id={inputId}
                name={name}
                value={choice.value}
                checked={selected.includes(choice.value)}
                disabled={choice.disabled}
                onChange={(event) => onToggle(choice.value, event.target.checked)}
                aria-invalid={hasError ? true : undefined}
              />
              <label className="fr-label" htmlFor={inputId}>
                {choice.label}
                {choice.hint !== undefined && <span className="fr-hint-text">{choice.hint}</span>}
              </label>
            </div>
          </div>
        );
      })}
      <div className="fr-messages-group" id={messagesId} aria-live="polite">
        {hasError && <p className="fr-message fr-message--error">{error}</p>}
      </div>
    </fieldset>
  );
}
