/**
 * The reader's browse tools for a guide or a practice: bookmark it (the default reading list, or
 * another list), cite it (plain text, BibTeX, RIS, each copied to the clipboard), and, for a
 * practice, go to its country's page.
 */
import { useEffect, useId, useState } from 'react';
import { api } from '../../api';
import { useLang } from '../../i18n';
import { countryName } from '../../../../main/core/labels';
import type { Guide, Practice } from '../../../../main/core/model';
import type { ReadingListsOutput } from '../../../../main/core/browse/api';
import type { Citation } from '../../../../main/core/browse/cite';
import type { HubError } from '../../../../main/core/result';
import { ErrorMessage } from '../ErrorMessage';
import { LiveRegion, useAnnouncer } from '../workshop/common';
import { browseHref } from './routes';
import { copyText, useBt } from './common';
import { isFacilitator, useSession } from '../../room/session';

/**
 * Reading lists and citations are the facilitator's in a workshop room (one reading-list file
 * per data folder; see main/core/access.ts): a participant's reader shows neither.
 */
export function RecordTools({ record }: { record: Guide | Practice }) {
  return isFacilitator(useSession()) ? <Tools record={record} /> : null;
}

function Tools({ record }: { record: Guide | Practice }) {
  const { t } = useBt();
  const lang = useLang();
  const [lists, setLists] = useState<ReadingListsOutput | null>(null);
  const [error, setError] = useState<HubError | null>(null);
  const [citeOpen, setCiteOpen] = useState(false);
  const [message, announce] = useAnnouncer();
  const selectId = useId();

  useEffect(() => {
    let live = true;
    void api.readingLists({ lang }).then((r) => {
      if (!live) return;
      if (r.ok) setLists(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [record.id, lang]);

  const inList = (listId: string) => !!lists?.lists.find((l) => l.id === listId)?.items.some((i) => i.id === record.id);
  const saved = inList('saved');
  const others = lists?.lists.filter((l) => l.id !== 'saved') ?? [];

  const toggle = async (listId: string, name: string) => {
    setError(null);
    const on = inList(listId);
    const r = on ? await api.bookmarkRemove({ id: record.id, list: listId, lang }) : await api.bookmarkAdd({ id: record.id, list: listId, lang });
    if (!r.ok) return setError(r.error);
    setLists(r.value);
    announce(on ? t('tools.unbookmarked', { name }) : t('tools.bookmarked', { name }));
  };

  return (
    <div className="browse-tools">
      <div className="button-row">
        <button type="button" className="button" aria-pressed={saved} onClick={() => void toggle('saved', t('lists.default'))} disabled={!lists}>
          <span aria-hidden="true">{saved ? '★ ' : '☆ '}</span>
          {saved ? t('tools.saved') : t('tools.save')}
        </button>
        <button type="button" className="button" aria-expanded={citeOpen} aria-controls="cite-panel" onClick={() => setCiteOpen((o) => !o)}>
          {t('tools.cite')}
        </button>
        {record.type === 'practice' ? (
          <a className="button" href={browseHref.country(record.country)}>
            {t('tools.country', { country: countryName(record.country, lang) })}
          </a>
        ) : null}
        <a href={browseHref.lists()}>{t('tools.lists')}</a>
      </div>
      {others.length ? (
        <div className="field browse-other-list">
          <label htmlFor={selectId}>{t('tools.otherList')}</label>
          <select
            id={selectId}
            value=""
            onChange={(e) => {
              const l = others.find((x) => x.id === e.target.value);
              if (l) void toggle(l.id, l.name);
            }}
          >
            <option value="">{t('tools.chooseList')}</option>
            {others.map((l) => (
              <option key={l.id} value={l.id}>
                {inList(l.id) ? t('tools.removeFrom', { name: l.name }) : t('tools.addTo', { name: l.name })}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <LiveRegion message={message} />
      {error ? <ErrorMessage error={error} /> : null}
      {citeOpen ? <CitePanel id={record.id} /> : null}
    </div>
  );
}

const FORMATS = ['text', 'bibtex', 'ris'] as const;

function CitePanel({ id }: { id: string }) {
  const { t } = useBt();
  const lang = useLang();
  const [cite, setCite] = useState<Citation | null>(null);
  const [error, setError] = useState<HubError | null>(null);
  const [message, announce] = useAnnouncer();

  useEffect(() => {
    let live = true;
    void api.cite({ id, lang }).then((r) => {
      if (!live) return;
      if (r.ok) setCite(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [id, lang]);

  const copy = async (format: (typeof FORMATS)[number]) => {
    if (!cite) return;
    const ok = await copyText(cite[format]);
    announce(ok ? t('cite.copied', { format: t(`cite.${format}`) }) : t('cite.copyFailed'));
  };

  return (
    <section id="cite-panel" className="browse-cite" aria-labelledby="cite-title" data-ready={cite || error ? 'true' : 'false'}>
      <h2 id="cite-title">{t('cite.title')}</h2>
      {error ? <ErrorMessage error={error} /> : null}
      {cite
        ? FORMATS.map((f) => (
            <div key={f} className="browse-cite-format">
              <h3 id={`cite-${f}`}>{t(`cite.${f}`)}</h3>
              <pre tabIndex={0} aria-labelledby={`cite-${f}`} data-format={f}>
                {cite[f]}
              </pre>
              <button type="button" className="button button-small" onClick={() => void copy(f)}>
                {t('cite.copy', { format: t(`cite.${f}`) })}
              </button>
            </div>
          ))
        : null}
      <LiveRegion message={message} className="browse-copied" />
    </section>
  );
}
