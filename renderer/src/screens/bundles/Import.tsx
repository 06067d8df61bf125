/**
 * Import (`#/import`): pick a .socle file (a file input in the browser, the native open dialog on
 * the desktop) or drop one anywhere on the window; either opens the import preview. Nothing is
 * written before the preview's "Import".
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { host } from '../../host';
import { useDocumentTitle } from '../../lib';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageTitle } from '../../components/PageTitle';
import { ShareTabs } from '../../components/bundles/common';
import { useConflictCount } from '../../components/bundles/conflict-count';
import { importPickedFile, type PickedFileProblem } from '../../components/bundles/files';
import { openImport } from '../../components/bundles/import-source';
import { bundleHref } from '../../components/bundles/routes';

export function ImportScreen() {
  const { t } = useTranslation();
  useDocumentTitle(t('bundles.import.title'));
  const [problem, setProblem] = useState<PickedFileProblem | null>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const conflicts = useConflictCount();

  const onPick = async (file: File | undefined) => {
    if (!file) return;
    setProblem(null);
    setReading(true);
    const p = await importPickedFile(file);
    setReading(false);
    setProblem(p ?? null);
  };

  const chooseNative = async () => {
    setDialogError(null);
    const r = await host!.chooseBundleOpenFile!();
    if (r.status === 'chosen') openImport({ kind: 'file', path: r.path, name: r.name });
    else if (r.status === 'error') setDialogError(r.message);
  };

  return (
    <div className="screen bundles-import" data-ready="true">
      <PageTitle>{t('bundles.import.title')}</PageTitle>
      <ShareTabs current="import" />
      <p className="lead">{t('bundles.import.lead')}</p>

      <div className="drop-zone">
        {host?.chooseBundleOpenFile ? (
          <button type="button" className="button button-primary" onClick={() => void chooseNative()}>
            {t('bundles.import.chooseNative')}
          </button>
        ) : (
          <div className="file-pick field">
            <label htmlFor="import-file">{t('bundles.import.choose')}</label>
            <input
              id="import-file"
              type="file"
              accept=".socle"
              disabled={reading}
              onChange={(e) => {
                void onPick(e.target.files?.[0]);
                // The same file may be chosen again after a correction.
                e.target.value = '';
              }}
            />
          </div>
        )}
        <p className="hint">{t('bundles.import.dropHint')}</p>
      </div>

      <div role="status" aria-live="polite">
        {reading ? <p className="loading">{t('bundles.import.reading')}</p> : null}
        {problem ? (
          <div className="notice notice-warning" data-pick-problem={problem.kind}>
            <p>{t(`bundles.drop.${problem.kind}`, { name: problem.name })}</p>
            {problem.message ? <p lang="en">{problem.message}</p> : null}
          </div>
        ) : null}
      </div>
      {dialogError ? <ErrorMessage error={{ code: 'internal', message: dialogError }} /> : null}

      <h2>{t('bundles.import.whatHappens')}</h2>
      <ul>
        <li>{t('bundles.import.step1')}</li>
        <li>{t('bundles.import.step2')}</li>
        <li>{t('bundles.import.step3')}</li>
      </ul>
      {conflicts ? (
        <p>
          <a href={bundleHref.conflicts()}>{t('bundles.import.pendingConflicts', { count: conflicts })}</a>
        </p>
      ) : null}
    </div>
  );
}
