/**
 * i18next set-up: French first, English second. The choice persists in localStorage and sets
 * `<html lang>` so screen readers pronounce the page in the right language.
 */
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import fr from './fr.json';
import en from './en.json';
import workshopFr from './workshop.fr.json';
import workshopEn from './workshop.en.json';
import bundlesFr from './bundles.fr.json';
import bundlesEn from './bundles.en.json';
import clinicsFr from './clinics.fr.json';
import clinicsEn from './clinics.en.json';
import clinicsPt from './clinics.pt.json';
import provenanceFr from './provenance.fr.json';
import provenanceEn from './provenance.en.json';
import syncFr from './sync.fr.json';
import syncEn from './sync.en.json';
import syncPt from './sync.pt.json';
import searchHintsFr from './search-hints.fr.json';
import searchHintsEn from './search-hints.en.json';
import roomFr from './room.fr.json';
import roomEn from './room.en.json';

export const UI_LANGS = ['fr', 'en'] as const;
export type UiLang = (typeof UI_LANGS)[number];
const STORAGE_KEY = 'socle.lang';

function storedLang(): UiLang {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    if (v === 'fr' || v === 'en') return v;
  } catch {
    // Storage can be unavailable (privacy settings): fall back to French.
  }
  return 'fr';
}

export function initI18n(): typeof i18next {
  const lng = storedLang();
  document.documentElement.lang = lng;
  void i18next.use(initReactI18next).init({
    // Feature strings live in their own files, under their own keys: "workshop", "bundles",
    // "provenance", "sync", "searchHints", the skills clinics' "clinics" and the room's "room".
    resources: {
      fr: { translation: { ...fr, workshop: workshopFr, bundles: bundlesFr, provenance: provenanceFr, sync: syncFr, searchHints: searchHintsFr, clinics: clinicsFr, room: roomFr } },
      en: { translation: { ...en, workshop: workshopEn, bundles: bundlesEn, provenance: provenanceEn, sync: syncEn, searchHints: searchHintsEn, clinics: clinicsEn, room: roomEn } },
      // Portuguese: only the sync and clinic strings exist so far (the UI offers fr and en; pt falls back to fr).
      pt: { translation: { sync: syncPt, clinics: clinicsPt } },
    },
    lng,
    fallbackLng: 'fr',
    supportedLngs: [...UI_LANGS],
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    initAsync: false,
  });
  i18next.on('languageChanged', (l) => {
    document.documentElement.lang = l;
  });
  return i18next;
}

export function setUiLang(lang: UiLang): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not persisted, but the switch still applies to this session.
  }
  void i18next.changeLanguage(lang);
}

/** The UI language as a domain Lang (for labels.ts and the API's `lang` inputs). */
export function useLang(): UiLang {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'fr';
}
