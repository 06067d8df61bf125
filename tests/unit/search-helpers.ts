/**
 * Search-engine test fixtures: a SearchDoc with every field empty but those a test sets. Apart
 * from ./helpers.ts so that the engine's pure tests load neither the CLI nor the hub.
 */
import type { SearchDoc } from '../../main/core/search/types';

export function searchDoc(over: Partial<SearchDoc> & Pick<SearchDoc, 'id'>): SearchDoc {
  return {
    type: 'practice',
    lang: 'fr',
    title: '',
    summary: '',
    body: '',
    keywords: '',
    countries: [],
    steps: [],
    branches: [],
    guarantees: [],
    themes: [],
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}
