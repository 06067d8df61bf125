/** Contract method names of the sync feature (CouchDB replication, main/core/sync). No dependencies. */
export const SYNC_METHODS = ['syncStatus', 'syncConfigure', 'syncNow', 'syncStart', 'syncStop'] as const;
