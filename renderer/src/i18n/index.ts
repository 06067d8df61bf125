/**
 * i18next set-up: French first, then English and Portuguese. The choice persists in localStorage and sets
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
import pt from './pt.json';
import workshopPt from './workshop.pt.json';
import bundlesPt from './bundles.pt.json';
import browseFr from './browse.fr.json';
import browseEn from './browse.en.json';
import browsePt from './browse.pt.json';
import clinicsFr from './clinics.fr.json';
import clinicsEn from './clinics.en.json';
import clinicsPt from './clinics.pt.json';
import provenanceFr from './provenance.fr.json';
import provenanceEn from './provenance.en.json';
import syncFr from './sync.fr.json';
import syncEn from './sync.en.json';
import syncPt from './sync.pt.json';
import provenancePt from './provenance.pt.json';
import searchHintsFr from './search-hints.fr.json';
import searchHintsEn from './search-hints.en.json';
import searchHintsPt from './search-hints.pt.json';
import roomFr from './room.fr.json';
import roomEn from './room.en.json';
import roomPt from './room.pt.json';
import indexingFr from './indexing.fr.json';
import indexingEn from './indexing.en.json';
import indexingPt from './indexing.pt.json';

export const UI_LANGS = ['fr', 'en', 'pt'] as const;
export type UiLang = (typeof UI_LANGS)[number];
const STORAGE_KEY = 'socle.lang';

function storedLang(): UiLang {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    if ((UI_LANGS as readonly string[]).includes(v ?? '')) return v as UiLang;
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
    // "provenance", "sync", "searchHints", the skills clinics' "clinics", the room's "room",
    // "browse" and the cold start's "indexing" (tests/unit/i18n.test.ts keeps fr, en and pt in step).
    resources: {
      fr: { translation: { ...fr, workshop: workshopFr, bundles: bundlesFr, provenance: provenanceFr, sync: syncFr, searchHints: searchHintsFr, clinics: clinicsFr, room: roomFr, browse: browseFr, indexing: indexingFr } },
      en: { translation: { ...en, workshop: workshopEn, bundles: bundlesEn, provenance: provenanceEn, sync: syncEn, searchHints: searchHintsEn, clinics: clinicsEn, room: roomEn, browse: browseEn, indexing: indexingEn } },
      pt: { translation: { ...pt, workshop: workshopPt, bundles: bundlesPt, provenance: provenancePt, sync: syncPt, searchHints: searchHintsPt, clinics: clinicsPt, room: roomPt, browse: browsePt, indexing: indexingPt } },
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
  return (UI_LANGS as readonly string[]).includes(i18n.language) ? (i18n.language as UiLang) : 'fr';
}
