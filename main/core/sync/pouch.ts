/**
 * PouchDB, typed for what sync uses. The replica is PouchDB over LevelDB on disk (the `pouchdb`
 * package: leveldown ships prebuilt binaries, so nothing is compiled at install time); a remote is
 * PouchDB's HTTP adapter, which speaks CouchDB's replication protocol. PouchDB has no bundled
 * types, hence these few interfaces.
 */
import { createRequire } from 'node:module';

export interface PouchDoc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  _conflicts?: string[];
  [key: string]: unknown;
}

export interface ReplicationResult {
  ok: boolean;
  docs_read: number;
  docs_written: number;
  doc_write_failures: number;
  errors: unknown[];
}

export interface Replication extends PromiseLike<ReplicationResult> {
  on(event: 'change', fn: (info: ReplicationResult & { docs?: PouchDoc[] }) => void): Replication;
  on(event: 'paused' | 'active' | 'complete' | 'error' | 'denied', fn: (info?: unknown) => void): Replication;
  cancel(): void;
}

export interface ReplicateOptions {
  live?: boolean;
  retry?: boolean;
  batch_size?: number;
  filter?: (doc: PouchDoc) => boolean;
  back_off_function?: (delay: number) => number;
}

export interface ChangesResult {
  results: { id: string; seq: number | string; deleted?: boolean; doc?: PouchDoc }[];
  last_seq: number | string;
}

export interface PouchDB {
  name: string;
  info(): Promise<{ doc_count: number; update_seq: number | string; db_name: string }>;
  get(id: string, opts?: { conflicts?: boolean; revs?: boolean; rev?: string }): Promise<PouchDoc>;
  get(id: string, opts: { open_revs: 'all' | string[] }): Promise<{ ok?: PouchDoc; missing?: string }[]>;
  put(doc: PouchDoc): Promise<{ ok: boolean; id: string; rev: string }>;
  bulkDocs(docs: PouchDoc[], opts?: { new_edits?: boolean }): Promise<({ ok: true; id: string; rev: string } | { error: true | string; id: string; status?: number; message?: string; name?: string })[]>;
  allDocs(opts: { include_docs?: boolean; conflicts?: boolean; limit?: number; startkey?: string; skip?: number; keys?: string[] }): Promise<{
    total_rows: number;
    rows: { id: string; key: string; value: { rev: string; deleted?: boolean }; doc?: PouchDoc }[];
  }>;
  changes(opts: { since?: number | string; include_docs?: boolean; conflicts?: boolean; limit?: number; style?: 'all_docs' | 'main_only' }): Promise<ChangesResult>;
  replicate: {
    to(target: PouchDB | string, opts?: ReplicateOptions): Replication;
    from(source: PouchDB | string, opts?: ReplicateOptions): Replication;
  };
  close(): Promise<void>;
}

export interface PouchDBConstructor {
  new (name: string, opts?: { adapter?: string; auth?: { username: string; password: string }; skip_setup?: boolean; fetch?: unknown }): PouchDB;
}

let ctor: PouchDBConstructor | undefined;

/** The PouchDB constructor (leveldb and http adapters), loaded on first use: the hub starts without it. */
export function pouchdb(): PouchDBConstructor {
  ctor ??= createRequire(import.meta.url)('pouchdb') as PouchDBConstructor;
  return ctor;
}

/** The error PouchDB reports: an HTTP status (401, 404...) or a network error's message. */
export interface PouchError {
  status?: number;
  name?: string;
  message?: string;
  reason?: string;
  code?: string;
}
