/** Hands a Blob to the browser as a file download (browser mode: dashboard exports, bundles). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Long enough for the browser to start the download; the object then goes.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
