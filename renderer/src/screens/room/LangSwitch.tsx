/** The fr/en switch of the room's own pages (the facilitator's app has its own in its header). */
import { useTranslation } from 'react-i18next';
import { setUiLang, useLang, UI_LANGS } from '../../i18n';

export function LangSwitch() {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <div className="lang-switch" role="group" aria-label={t('layout.language')}>
      {UI_LANGS.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={lang === l} aria-label={l === 'fr' ? 'Français' : 'English'} onClick={() => setUiLang(l)}>
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
