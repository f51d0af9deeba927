// DSFR textarea with label, hint and error message wired for assistive technology.
import { useId, type ReactNode, type TextareaHTMLAttributes } from 'react';

export interface TextAreaFieldProps {
  label: ReactNode;
  hint?: ReactNode;
  /** Error message; its presence puts the field in error. */
  error?: string | null;
  className?: string;
  textarea: TextareaHTMLAttributes<HTMLTextAreaElement>;
}

export function TextAreaField({ label, hint, error, className, textarea }: TextAreaFieldProps) {
  const generatedId = useId();
  const id = textarea.id ?? `textarea-${generatedId.replace(/:/g, '')}`;
  const errorId = `${id}-error`;
  const hasError = error !== undefined && error !== null && error !== '';
  return (
    <div className={['fr-input-group', hasError ? 'fr-input-group--error' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label className="fr-label" htmlFor={id}>
        {label}
        {hint !== undefined && <span className="fr-hint-text">{hint}</span>}
      </label>
      <textarea
        rows={3}
        {...textarea}
        id={id}
        className={['fr-input', hasError ? 'fr-input--error' : ''].filter(Boolean).join(' ')}
        aria-invalid={hasError ? true : undefined}
        aria-describedby={hasError ? errorId : undefined}
      />
      <div className="fr-messages-group" aria-live="polite">
        {hasError && (
          <p id={errorId} className="fr-message fr-message--error">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
