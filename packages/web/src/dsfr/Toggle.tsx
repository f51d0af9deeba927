// DSFR toggle: a checkbox drawn as a switch (and exposed as one, role="switch"), for a setting
// that applies as soon as it is flipped. The DSFR's "Activé / Désactivé" labels are CSS content,
// which browsers fold into the accessible name; the state is said in words by the hint instead.
import { useId, type ReactNode } from 'react';

export function Toggle({
  label,
  hint,
  checked,
  onChange,
}: {
  label: ReactNode;
  /** Says what the current state means (read with the switch). */
  hint: ReactNode;
  checked: boolean;
  onChange(checked: boolean): void;
}) {
  const id = `toggle-${useId().replace(/:/g, '')}`;
  return (
    <div className="fr-toggle">
      <input
        type="checkbox"
        role="switch"
        className="fr-toggle__input"
        id={id}
        checked={checked}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onChange(event.target.checked)}
      />
      <label className="fr-toggle__label" htmlFor={id}>
        {label}
      </label>
      <p className="fr-hint-text" id={`${id}-hint`}>
        {hint}
      </p>
    </div>
  );
}
