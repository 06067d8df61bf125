/**
 * The bundles feature's public surface for hosts and tools (the HTTP server streaming a bundle,
 * the desktop shell forwarding progress, the benchmark in bench/). The contract methods live in ./api.ts.
 */
export { buildBundle, exportBundleToFile, exportPreview, selectRecords, type BuiltBundle, type ExportPreview, type ExportResult } from './export';
export { readBundle, planImport, previewOf, applyImport, type ImportPreview, type ImportSummary, type ImportItem, type ImportStatus } from './import';
export { listConflicts, getConflict, resolveConflict } from './resolve';
export { onBundleProgress, type BundleProgress } from './progress';
export { recoverInterruptedImport } from './journal';
export { DEFAULT_LIMITS, FORMAT_NAME, FORMAT_VERSION, BUNDLE_EXTENSION, formatFingerprint, type BundleLimits, type Manifest, type Scope } from './format';
