/** Contract method names of the browse feature (country, theme and C102 pages, reading lists, citations). No dependencies. */
export const BROWSE_METHODS = [
  'browseIndex',
  'countryPage',
  'themePage',
  'c102Matrix',
  'readingLists',
  'readingListCreate',
  'readingListDelete',
  'bookmarkAdd',
  'bookmarkRemove',
  'cite',
] as const;
