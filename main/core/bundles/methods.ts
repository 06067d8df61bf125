/** Contract method names of the bundles feature (export/import of .socle files). No dependencies. */
export const BUNDLE_METHODS = [
  'exportPreview',
  'exportBundle',
  'importPreview',
  'importApply',
  'conflicts',
  'conflict',
  'resolveConflict',
  'identity',
  'provenance',
] as const;
