/** Human labels for facet values, from the core's label tables (never duplicated here). */
import {
  BRANCH_LABELS,
  GUARANTEE_LABELS,
  LANG_LABELS,
  STEP_LABELS,
  TYPE_LABELS,
  branchLabel,
  countryName,
  themeLabel,
} from '../../main/core/labels';
import type { Branch, Guarantee, Lang, RecordType } from '../../main/core/model';
import type { FacetName } from '../../main/core/search/types';

export const FACET_ORDER: readonly FacetName[] = ['type', 'lang', 'country', 'step', 'branch', 'guarantee', 'theme'];

export function facetValueLabel(facet: FacetName, value: string, lang: Lang): string {
  switch (facet) {
    case 'type':
      return TYPE_LABELS[value as RecordType]?.[lang] ?? value;
    case 'lang':
      return LANG_LABELS[value as Lang] ?? value;
    case 'country':
      return countryName(value, lang);
    case 'step':
      return STEP_LABELS[Number(value) as 1 | 2 | 3]?.[lang] ?? value;
    case 'branch':
      return BRANCH_LABELS[value as Branch] ? branchLabel(value as Branch, lang) : value;
    case 'guarantee':
      return GUARANTEE_LABELS[value as Guarantee]?.[lang] ?? value;
    case 'theme':
      return themeLabel(value, lang);
  }
}
