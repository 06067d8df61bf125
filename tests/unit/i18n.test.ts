// The interface's three languages stay in step: every key of the French strings exists in
// English and Portuguese (and no others; plural forms as each language's rules need them), in
// every namespace file, with the same {{placeholders}}, and none is left empty or untranslated-looking.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const DIR = path.join(__dirname, '../../renderer/src/i18n');
const LANGS = ['en', 'pt'] as const;

/** Every namespace: "" for fr.json/en.json/pt.json, "workshop" for workshop.fr.json, ... */
const namespaces = readdirSync(DIR)
  .filter((f) => f.endsWith('fr.json'))
  .map((f) => f.replace(/\.?fr\.json$/, ''));
const file = (ns: string, lang: string) => path.join(DIR, `${ns ? `${ns}.` : ''}${lang}.json`);

function flatten(obj: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') flatten(v, key, out);
    else out.set(key, String(v));
  }
  return out;
}
const load = (ns: string, lang: string) => flatten(JSON.parse(readFileSync(file(ns, lang), 'utf8')));
/** Plural forms differ by language (CLDR: French and Portuguese have "many", English has not): compare base keys. */
const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (k: string) => k.replace(PLURAL, '');
const bases = (m: Map<string, string>) => new Set([...m.keys()].map(base));
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]).sort();

describe('interface strings', () => {
  it('finds the namespaces, Portuguese and browse included', () => {
    expect(namespaces.sort()).toEqual(expect.arrayContaining(['', 'bundles', 'workshop', 'browse']));
  });

  for (const ns of namespaces) {
    const fr = load(ns, 'fr');
    for (const lang of LANGS) {
      describe(`${ns || 'main'}: ${lang}`, () => {
        const other = load(ns, lang);
        it('has exactly the French keys (plural forms as each language needs them)', () => {
          const frBases = bases(fr);
          const otherBases = bases(other);
          expect([...otherBases].filter((k) => !frBases.has(k)), 'keys absent from French').toEqual([]);
          expect([...frBases].filter((k) => !otherBases.has(k)), `keys missing in ${lang}`).toEqual([]);
          // Every plural string has its "other" form (i18next's fallback for any count).
          const plurals = [...fr.keys()].filter((k) => PLURAL.test(k)).map(base);
          expect(plurals.filter((k) => !other.has(`${k}_other`)), `plural keys without _other in ${lang}`).toEqual([]);
        });
        it('keeps the interpolation placeholders of each string', () => {
          const counterpart = (k: string) => other.get(k) ?? (PLURAL.test(k) ? other.get(`${base(k)}_other`) : undefined);
          const wrong = [...fr].filter(([k, v]) => counterpart(k) !== undefined && placeholders(v).join() !== placeholders(counterpart(k)!).join());
          expect(wrong.map(([k]) => k)).toEqual([]);
        });
        it('leaves no string empty', () => {
          expect([...other].filter(([, v]) => !v.trim()).map(([k]) => k)).toEqual([]);
        });
      });
    }
  }

  it('writes Portuguese, not French left in place', () => {
    // Strings long enough to be sentences must differ from the French (names such as "UNICEF" may not).
    for (const ns of namespaces) {
      const fr = load(ns, 'fr');
      const pt = load(ns, 'pt');
      const same = [...fr].filter(([k, v]) => v.length > 25 && pt.get(k) === v).map(([k]) => `${ns}:${k}`);
      expect(same).toEqual([]);
    }
    const pt = load('', 'pt');
    expect(pt.get('nav.home')).toBe('Início');
    expect(pt.get('layout.searchLabel')).toBe('Pesquisar na biblioteca');
  });
});
