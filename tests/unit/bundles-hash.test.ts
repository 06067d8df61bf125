/**
 * Content hashes are compared between installations (which version of a record each side has):
 * their text must never change, whatever the implementation. Golden values computed with the
 * first implementation of canonicalJson.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../../main/core/bundles/hash';
import { practiceSchema } from '../../main/core/model';

describe('content hashes stay what other installations computed', () => {
  it('hashes a practice exactly as before (keys sorted at every level, system fields left out)', () => {
    const p = practiceSchema.parse({
      id: 'sn-cmu',
      type: 'practice',
      rev: 3,
      createdAt: '2024-01-01T00:00:00.000Z',
      updatedAt: '2024-02-01T00:00:00.000Z',
      lang: 'fr',
      origin: { kind: 'local', installId: 'i' },
      title: 'Couverture maladie universelle « CMU »',
      summary: 'Résumé\nligne 2 \u2028 "cité"',
      country: 'SN',
      themes: ['health', 'informal-economy'],
      sources: [{ title: 'Rapport', url: 'https://example.org/a?b=1' }],
      translations: { en: { title: 'Universal health coverage' } },
    });
    expect(contentHash(p)).toBe('d4d59ce3a8542e3a75efcd62a3054ab5f2796f80f75712677b3e65ff9d4398da');
    expect(contentHash({ ...p, rev: 9, origin: { kind: 'library' } })).toBe(contentHash(p));
  });

  it('writes undefined in an array as null, drops it in an object, and nests sorted', () => {
    expect(canonicalJson([1, undefined, { b: null, a: [[]] }])).toBe('[1,null,{"a":[[]],"b":null}]');
    expect(canonicalJson({ z: { y: 1, x: undefined }, a: [] })).toBe('{"a":[],"z":{"y":1}}');
  });
});
