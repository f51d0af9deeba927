// The conversation is over. Nothing of it stays on screen.
import { useT } from '../i18n/i18n.js';
import { useFocusOnMount } from '../shared/use-focus-on-mount.js';

export function EndScreen({ onRestart }: { onRestart(): void }) {
  const t = useT();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <div className="brigade-end">
      <h1 ref={heading} tabIndex={-1} className="fr-h3">
        {t('end.title')}
      </h1>
      <p>{t('end.text')}</p>
      <p className="fr-text--sm">{t('chat.dangerNote')}</p>
      <button type="button" className="fr-btn" onClick={onRestart}>
        {t('end.restart')}
      </button>
    </div>
  );
}
