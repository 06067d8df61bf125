/** The search hints' interface strings exist in French, English and Portuguese alike. */
import { describe, expect, it } from 'vitest';
import fr from '../../renderer/src/i18n/search-hints.fr.json';
import en from '../../renderer/src/i18n/search-hints.en.json';
import pt from '../../renderer/src/i18n/search-hints.pt.json';

/** Keys without plural suffixes (each language has its own plural forms). */
const keys = (o: Record<string, string>) => [...new Set(Object.keys(o).map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')))].sort();

describe('search-hints strings', () => {
  it('has the same keys, all non-empty, in fr, en and pt', () => {
    expect(keys(en)).toEqual(keys(fr));
    expect(keys(pt)).toEqual(keys(fr));
    for (const o of [fr, en, pt]) for (const v of Object.values(o)) expect(v.trim()).not.toBe('');
    for (const o of [fr, en, pt]) expect(Object.keys(o)).toEqual(expect.arrayContaining(['highlighted_one', 'highlighted_other']));
  });
});
