// The DSFR frame shared by text fields and selects: group, label with hint, and the error message
// wired for assistive technology. The control itself is rendered by the caller with the given attributes.
import type { ReactNode } from 'react';

export interface FieldFrameProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  /** Error message; its presence puts the field in error. */
  error?: string | null | undefined;
  className?: string | undefined;
  /** DSFR's family of classes: `fr-input-group` / `fr-input` (default) or `fr-select-group` / `fr-select`. */
  kind?: 'input' | 'select';
  children: (control: { id: string; className: string; 'aria-invalid': true | undefined; 'aria-describedby': string | undefined }) => ReactNode;
}

export function FieldFrame({ id, label, hint, error, className, kind = 'input', children }: FieldFrameProps) {
  const errorId = `${id}-error`;
  const hasError = error !== undefined && error !== null && error !== '';
  return (
    <div className={[`fr-${kind}-group`, hasError ? `fr-${kind}-group--error` : '', className ?? ''].filter(Boolean).join(' ')}>
      <label className="fr-label" htmlFor={id}>
        {label}
        {hint !== undefined && <span className="fr-hint-text">{hint}</span>}
      </label>
      {children({
        id,
        className: [`fr-${kind}`, hasError ? `fr-${kind}--error` : ''].filter(Boolean).join(' '),
        'aria-invalid': hasError ? true : undefined,
        'aria-describedby': hasError ? errorId : undefined,
      })}
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
