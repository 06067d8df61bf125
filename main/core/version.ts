/**
 * Version numbers that several parts of the core write into files (bundle manifests, the prebuilt
 * library, the index cache). Kept below the hub so that features can read them without importing
 * hub.ts (which composes the features: importing it back would be a cycle).
 */
export const HUB_VERSION = '0.1.0';
/**
 * Bump when the search documents or the index layout change: old caches are then rebuilt.
 * 2: the user index cache holds document metadata (DocMeta), not texts, and record fingerprints.
 * 3: translations are indexed as documents of their own (`<id>@<lang>`), Portuguese pre-1990
 *    spellings are folded.
 * 4: binary index files (search/index-file.ts): the user cache is `user-index.bin`, the prebuilt
 *    library's segments are one binary index.
 * 5: the user cache stores its documents' metadata as columns per segment (search/doc-columns.ts)
 *    instead of JSON rows.
 */
export const INDEX_VERSION = 5;
