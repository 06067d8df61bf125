/**
 * The browse feature's part of the contract: country and theme pages, the C102 matrix, reading
 * lists (bookmarks) and "cite this". contract.ts merges it into HubApi.
 *
 * This folder owns browsing views computed from the visible records (./aggregate.ts, pure), the
 * reading-list side file (./reading-lists.ts) and citations (./cite.ts, pure).
 */
import { z } from 'zod';
import type { BROWSE_METHODS } from './methods';
import type { Hub } from '../hub';
import { LANGS, countrySchema, idSchema, tagSchema, type HubRecord, type Lang } from '../model';
import type { RecordSummary } from '../contract';
import { HubFailure } from '../result';
import { browseIndex, c102Matrix, countryPage, themePage, type BrowseIndex, type BrowseSource, type C102Matrix, type CountryPage, type ThemePage } from './aggregate';
import { DEFAULT_LIST, ReadingListStore, edits, listNameSchema, type ReadingListsFile } from './reading-lists';
import { citeRecord, type Citation } from './cite';

export type BrowseMethod = (typeof BROWSE_METHODS)[number];

const lang = z.enum(LANGS).default('fr');
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-12-04')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a real date');

export const browseInputs = {
  browseIndex: z.object({ lang }).strict(),
  countryPage: z.object({ country: countrySchema, lang }).strict(),
  themePage: z.object({ theme: tagSchema, lang }).strict(),
  c102Matrix: z.object({ lang }).strict(),
  readingLists: z.object({ lang: z.enum(LANGS).optional() }).strict(),
  // `lang` on the changes: the language of the titles in the lists they return.
  readingListCreate: z.object({ name: listNameSchema, lang: z.enum(LANGS).optional() }).strict(),
  readingListDelete: z.object({ list: idSchema, lang: z.enum(LANGS).optional() }).strict(),
  bookmarkAdd: z.object({ id: idSchema, list: idSchema.default(DEFAULT_LIST), lang: z.enum(LANGS).optional() }).strict(),
  /** Without `list`: removes the record from every list. */
  bookmarkRemove: z.object({ id: idSchema, list: idSchema.optional(), lang: z.enum(LANGS).optional() }).strict(),
  cite: z.object({ id: idSchema, lang: z.enum(LANGS).optional(), accessed: day.optional() }).strict(),
} satisfies Record<BrowseMethod, z.ZodTypeAny>;

export interface ReadingListItem {
  id: string;
  addedAt: string;
  /** The record as it is now; absent when it was deleted or never existed here (`missing`). */
  record?: RecordSummary;
  missing?: boolean;
}
export interface ReadingList {
  id: string;
  /** Empty for the default list (named by the UI in its language). */
  name: string;
  createdAt: string;
  items: ReadingListItem[];
}
export interface ReadingListsOutput {
  lists: ReadingList[];
  /** Set when the file on disk was unreadable (kept aside, never overwritten). */
  problem?: string;
}

export interface BrowseOutputs {
  /** Countries and themes that have content, with counts (the home screen's browse panel). */
  browseIndex: BrowseIndex;
  /** Everything about one country: practices, partner practices, plans, workshops, notes, its C102 status section. */
  countryPage: CountryPage;
  /** Guides and practices of one theme, and the countries its practices come from. */
  themePage: ThemePage;
  /** The C102 branches x countries, with the practices in each cell. */
  c102Matrix: C102Matrix;
  /** The reading lists (bookmarks) kept in the data directory, with each item's current summary. */
  readingLists: ReadingListsOutput;
  /** Creates a named reading list (at most 50). */
  readingListCreate: ReadingListsOutput & { created: string };
  /** Deletes a reading list (not the default one). */
  readingListDelete: ReadingListsOutput;
  /** Bookmarks a record in a list (default: the "saved" list); adding it twice changes nothing. */
  bookmarkAdd: ReadingListsOutput;
  /** Removes a bookmark from one list, or from every list. */
  bookmarkRemove: ReadingListsOutput;
  /** A guide or practice as a plain-text reference, BibTeX and RIS. */
  cite: Citation;
}

type Args<M extends BrowseMethod> = z.output<(typeof browseInputs)[M]>;
type Handlers = { [M in BrowseMethod]: (input: Args<M>) => Promise<BrowseOutputs[M]> };

export function browseHandlers(hub: Hub, clock: () => Date = () => new Date()): Handlers {
  const lists = new ReadingListStore(hub.store.dataDir, clock);
  const source = (): BrowseSource => ({
    records: hub.visible(),
    resolve: (id) => hub.resolve(id),
    summarize: (r, l) => hub.summarize(r, l),
    guide: (key, l) => {
      const g = hub.resolveTarget(key, l);
      return g?.type === 'guide' && g.key === key && hub.resolve(g.id) ? g : undefined;
    },
  });
  const view = (file: ReadingListsFile, l?: Lang): ReadingListsOutput => ({
    lists: file.lists.map((list) => ({
      ...list,
      items: list.items.map((item) => {
        const r = hub.resolve(item.id);
        return r ? { ...item, record: hub.summarize(r, l) } : { ...item, missing: true };
      }),
    })),
    ...(lists.problem ? { problem: lists.problem } : {}),
  });
  const mustExist = (id: string): HubRecord => {
    const r = hub.resolve(id);
    if (!r) throw new HubFailure('not-found', `No record "${id}".`, { field: 'id' });
    return r;
  };
  return {
    browseIndex: async ({ lang: l }) => browseIndex(source(), l),
    countryPage: async ({ country, lang: l }) => countryPage(source(), country, l),
    themePage: async ({ theme, lang: l }) => themePage(source(), theme, l),
    c102Matrix: async ({ lang: l }) => c102Matrix(source(), l),
    readingLists: async ({ lang: l }) => view(await lists.read(), l),
    readingListCreate: async ({ name, lang: l }) => {
      const id = `list-${globalThis.crypto.randomUUID().slice(0, 8)}`;
      return { ...view(await lists.update((f, now) => edits.createList(f, name, id, now)), l), created: id };
    },
    readingListDelete: async ({ list, lang: l }) => view(await lists.update((f) => edits.deleteList(f, list)), l),
    bookmarkAdd: async ({ id, list, lang: l }) => {
      mustExist(id);
      return view(await lists.update((f, now) => edits.add(f, list, id, now)), l);
    },
    // A deleted record can still be un-bookmarked, so no existence check here.
    bookmarkRemove: async ({ id, list, lang: l }) => view(await lists.update((f) => edits.remove(f, list, id)), l),
    cite: async ({ id, lang: l, accessed }) => {
      const r = mustExist(id);
      if (r.type !== 'guide' && r.type !== 'practice') throw new HubFailure('unsupported', `Only guides and practices can be cited; "${id}" is a ${r.type}.`, { field: 'id' });
      return citeRecord(r, l ?? r.lang, accessed ?? clock().toISOString().slice(0, 10));
    },
  };
}
