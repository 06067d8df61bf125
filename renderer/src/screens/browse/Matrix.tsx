/**
 * The C102 matrix: a data table, branches (rows) x countries (columns), the practices of each
 * country in each branch's cell. Tab goes through the links; the arrow keys move between cells
 * (Home/End: first/last cell of the row), so a keyboard user can scan a row or a column.
 */
import type { KeyboardEvent } from 'react';
import { api } from '../../api';
import { useLang } from '../../i18n';
import { href } from '../../router';
import { useDocumentTitle, useResult } from '../../lib';
import { anyRecord } from '../../live';
import { BRANCH_LABELS, countryName } from '../../../../main/core/labels';
import { BRANCH_PART } from '../../../../main/core/model';
import type { C102Matrix } from '../../../../main/core/browse/aggregate';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageTitle } from '../../components/PageTitle';
import { browseHref } from '../../components/browse/routes';
import { BrowseBreadcrumb, useBt } from '../../components/browse/common';

export function MatrixScreen() {
  const { t } = useBt();
  const lang = useLang();
  const [matrix] = useResult(() => api.c102Matrix({ lang }), [lang], { live: anyRecord });
  useDocumentTitle(t('matrix.title'));
  const ready = matrix.state !== 'loading';
  return (
    <div className="screen browse-matrix" data-ready={ready ? 'true' : 'false'} aria-busy={!ready}>
      <BrowseBreadcrumb />
      <PageTitle>{t('matrix.title')}</PageTitle>
      <p className="lead">{t('matrix.lead')}</p>
      <p className="hint" id="matrix-keys">
        {t('matrix.keys')}
      </p>
      {matrix.state === 'loading' ? <p className="loading">{t('loading')}</p> : null}
      {matrix.state === 'error' ? <ErrorMessage error={matrix.error} /> : null}
      {matrix.state === 'ok' ? <MatrixTable m={matrix.value} /> : null}
    </div>
  );
}

/** Moves the focus to the neighbouring cell: its first link, else the cell itself. */
function onTableKey(e: KeyboardEvent<HTMLTableElement>): void {
  const cell = (e.target as HTMLElement).closest('td, th');
  const row = cell?.parentElement as HTMLTableRowElement | null;
  const table = e.currentTarget;
  if (!cell || !row) return;
  const rows = [...table.rows];
  let r = rows.indexOf(row);
  let c = [...row.cells].indexOf(cell as HTMLTableCellElement);
  switch (e.key) {
    case 'ArrowRight':
      c++;
      break;
    case 'ArrowLeft':
      c--;
      break;
    case 'ArrowDown':
      r++;
      break;
    case 'ArrowUp':
      r--;
      break;
    case 'Home':
      c = 0;
      break;
    case 'End':
      c = row.cells.length - 1;
      break;
    default:
      return;
  }
  const target = rows[r]?.cells[c];
  if (!target) return;
  e.preventDefault();
  const focusable = target.querySelector<HTMLElement>('a, button');
  (focusable ?? target).focus();
}

function MatrixTable({ m }: { m: C102Matrix }) {
  const { t } = useBt();
  const lang = useLang();
  const cell = new Map(m.cells.map((c) => [`${c.branch}|${c.country}`, c]));
  return (
    <div className="browse-matrix-scroll" role="region" aria-labelledby="matrix-caption" tabIndex={0}>
      <table className="browse-matrix-table" onKeyDown={onTableKey} aria-describedby="matrix-keys">
        <caption id="matrix-caption">{t('matrix.caption')}</caption>
        <thead>
          <tr>
            <td tabIndex={-1} className="browse-matrix-corner">
              <span className="visually-hidden">{t('matrix.corner')}</span>
            </td>
            {m.countries.map((c) => (
              <th key={c} scope="col" tabIndex={-1}>
                <a href={browseHref.country(c)}>{countryName(c, lang)}</a>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {m.branches.map((b) => (
            <tr key={b.branch}>
              <th scope="row" tabIndex={-1}>
                <span className="browse-part">{t('matrix.part', { part: BRANCH_PART[b.branch] })}</span>{' '}
                {b.guideId ? <a href={href.record(b.guideId)}>{BRANCH_LABELS[b.branch][lang]}</a> : BRANCH_LABELS[b.branch][lang]}
              </th>
              {m.countries.map((c) => {
                const entry = cell.get(`${b.branch}|${c}`);
                const practices = entry?.practices ?? [];
                const more = entry ? entry.total - practices.length : 0;
                return (
                  <td key={c} tabIndex={-1} data-branch={b.branch} data-country={c}>
                    {practices.length ? (
                      <ul>
                        {practices.map((p) => (
                          <li key={p.id}>
                            <a href={href.record(p.id)}>{p.title}</a>
                          </li>
                        ))}
                        {more > 0 ? (
                          <li>
                            <a href={href.search(new URLSearchParams({ type: 'practice', branch: b.branch, country: c }))}>{t('matrix.more', { count: more })}</a>
                          </li>
                        ) : null}
                      </ul>
                    ) : (
                      <span className="browse-empty">
                        <span aria-hidden="true">–</span>
                        <span className="visually-hidden">{t('matrix.none')}</span>
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
