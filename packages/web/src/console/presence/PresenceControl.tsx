// Operators, in the console header: their availability (Disponible / En pause), always in sight
// and changed in one gesture, and their load ("3 / 6 conversations"). A change is announced once
// the server has stored it; paused, nothing new is assigned or transferred to them.
import { AVAILABILITIES, type Availability } from '@brigade/protocol';
import { useId, useState } from 'react';
import { useT } from '../../i18n/i18n.js';
import { errorText } from '../../shared/error-text.js';

export function PresenceControl({
  availability,
  load,
  capacity,
  online,
  onChange,
}: {
  availability: Availability;
  load: number;
  capacity: number;
  /** False while the connection is down: the choice cannot be sent. */
  online: boolean;
  onChange(availability: Availability): Promise<void>;
}) {
  const t = useT();
  const id = `presence-${useId().replace(/:/g, '')}`;
  const [pending, setPending] = useState<Availability | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [announced, setAnnounced] = useState<string | null>(null);
  const shown = pending ?? availability;

  const choose = (next: Availability) => {
    if (pending !== null || next === availability) return;
    setPending(next);
    setError(null);
    setAnnounced(null);
    onChange(next).then(
      () => {
        setPending(null);
        setAnnounced(t(next === 'paused' ? 'presence.nowPaused' : 'presence.nowAvailable'));
      },
      (e: unknown) => {
        setPending(null);
        setError(e);
      },
    );
  };

  return (
    <div className={`brigade-presence brigade-presence--${shown}`}>
      <fieldset className="fr-segmented fr-segmented--sm">
        <legend className="fr-segmented__legend fr-segmented__legend--inline">{t('presence.legend')}</legend>
        <div className="fr-segmented__elements">
          {AVAILABILITIES.map((value) => (
            <div key={value} className="fr-segmented__element">
              <input
                type="radio"
                id={`${id}-${value}`}
                name={id}
                value={value}
                checked={shown === value}
                disabled={!online || pending !== null}
                onChange={() => choose(value)}
              />
              <label className="fr-label" htmlFor={`${id}-${value}`}>
                {t(`presence.${value}`)}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      <p className="fr-text--sm brigade-presence__load">
        <span aria-hidden="true">{t('presence.load', { load, capacity })}</span>
        <span className="fr-sr-only">{t('presence.loadLabel', { load, capacity })}</span>
      </p>
      <p className="fr-sr-only" role="status">
        {announced}
      </p>
      {error !== null && (
        <p className="fr-error-text brigade-presence__error" role="alert">
          {errorText(t, error)}
        </p>
      )}
    </div>
  );
}
