/**
 * Ways a bundle reaches the import preview without the import screen: a .socle file dropped
 * anywhere on the window, and (desktop) a file opened with the app or through the menu's "Import a
 * bundle…" (socleHost.onOpenBundle, a path the main process checked and granted). Mounted once by
 * the app layout.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { host } from '../../host';
import { importPickedFile, type PickedFileProblem } from './files';
import { openImport } from './import-source';
import './bundles.css';

const hasFiles = (e: DragEvent) => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');

export function BundleWindowHandlers() {
  const { t } = useTranslation();
  const [dragging, setDragging] = useState(false);
  const [problem, setProblem] = useState<PickedFileProblem | null>(null);
  const depth = useRef(0);

  useEffect(() => {
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current++;
      setDragging(true);
    };
    const onLeave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    };
    // Files only: dragging text inside a form keeps its usual behaviour.
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      // Never let the browser open a dropped file in place of the app.
      e.preventDefault();
      depth.current = 0;
      setDragging(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      const file = files.find((f) => f.name.toLowerCase().endsWith('.socle')) ?? files[0];
      if (!file) return;
      setProblem(null);
      void importPickedFile(file).then((p) => setProblem(p ?? null));
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    const off = host?.onOpenBundle?.((file) => {
      setProblem(null);
      openImport({ kind: 'file', path: file.path, name: file.name });
    });
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
      if (typeof off === 'function') off();
    };
  }, []);

  return (
    <>
      {dragging ? (
        <div className="bundle-drop-overlay" aria-hidden="true">
          <p>{t('bundles.drop.overlay')}</p>
        </div>
      ) : null}
      <div className="bundle-drop-message" role="status" aria-live="polite">
        {problem ? (
          <div className="notice notice-warning" data-drop-problem={problem.kind}>
            <p>{t(`bundles.drop.${problem.kind}`, { name: problem.name })}</p>
            {problem.message ? <p lang="en">{problem.message}</p> : null}
            <button type="button" className="button button-small" onClick={() => setProblem(null)}>
              {t('common.close')}
            </button>
          </div>
        ) : null}
      </div>
    </>
  );
}
