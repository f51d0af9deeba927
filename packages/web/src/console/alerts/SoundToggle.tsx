// Operators: the waiting alert's sound on or off (for this person, in this tab).
import { useId } from 'react';
import { useT } from '../../i18n/i18n.js';

export function SoundToggle({ muted, onChange }: { muted: boolean; onChange(muted: boolean): void }) {
  const t = useT();
  const id = `sound-${useId().replace(/:/g, '')}`;
  return (
    <div className="fr-checkbox-group fr-checkbox-group--sm fr-mb-2w">
      <input type="checkbox" id={id} checked={!muted} onChange={(event) => onChange(!event.target.checked)} />
      <label className="fr-label" htmlFor={id}>
        {t('sound.label')}
        <span className="fr-hint-text">{t('sound.hint')}</span>
      </label>
    </div>
  );
}
