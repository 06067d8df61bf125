/**
 * Where a record's current content comes from, shown beside every record in the reader: the
 * library shipped with Socle, this installation, or a bundle (publisher, bundle id, import date,
 * and the fingerprint of the key that signed it, or "not signed"). The core sets `origin` on
 * every save and import (main/core/bundles/import.ts, originAfterUpdate), so this is never a
 * claim the content makes about itself.
 */
import { useTranslation } from 'react-i18next';
import type { HubRecord } from '../../../main/core/model';
import { useLang } from '../i18n';
import { formatDate } from '../lib';
import { formatFingerprint } from './bundles/files';

export function Provenance({ record }: { record: HubRecord }) {
  const { t } = useTranslation();
  const lang = useLang();
  const o = record.origin;
  return (
    <section className="side-list provenance" aria-labelledby="provenance-title" data-origin={o.kind}>
      <h2 id="provenance-title">{t('provenance.title')}</h2>
      {o.kind === 'library' ? <p>{t('provenance.library')}</p> : null}
      {o.kind === 'local' ? <p>{t('provenance.local')}</p> : null}
      {o.kind === 'bundle' ? (
        <dl className="provenance-facts">
          <dt>{t('provenance.publisher')}</dt>
          <dd data-publisher="true">{o.publisher}</dd>
          <dt>{t('provenance.bundle')}</dt>
          <dd>
            <code>{o.bundleId}</code>
          </dd>
          <dt>{t('provenance.importedAt')}</dt>
          <dd>{formatDate(o.importedAt, lang, true)}</dd>
          <dt>{t('provenance.fingerprint')}</dt>
          <dd data-fingerprint={o.fingerprint ?? ''}>
            {o.fingerprint ? <span className="fingerprint">{formatFingerprint(o.fingerprint)}</span> : t('provenance.unsigned')}
          </dd>
        </dl>
      ) : null}
      <p className="meta">{t('provenance.revision', { rev: record.rev, date: formatDate(record.updatedAt, lang, true) })}</p>
    </section>
  );
}
