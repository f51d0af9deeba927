// Switches French ⇄ English. The label is written in the target language, marked with its `lang`.
import { useLanguage, useT } from '../i18n/i18n.js';

export function LanguageSwitch() {
  const t = useT();
  const { lang, setLang } = useLanguage();
  return (
    <button
      type="button"
      className="fr-btn fr-btn--tertiary fr-btn--sm brigade-lang-switch"
      lang={t('lang.switchCode')}
      aria-label={t('lang.switchLabel')}
      onClick={() => setLang(lang === 'fr' ? 'en' : 'fr')}
    >
      {t('lang.switch')}
    </button>
  );
}
