/**
 * The desktop shell's checks on a request to save the workshop dashboard
 * (main/app/dashboard-export-input.ts): a malformed request is refused, and the suggested file
 * name can never name a folder or another extension.
 */
import { describe, expect, it } from 'vitest';
import { MAX_DASHBOARD_HTML, parseSaveDashboardInput, safeFileName } from '../../main/app/dashboard-export-input';

describe('parseSaveDashboardInput', () => {
  it('accepts an HTML document, a name and a format', () => {
    expect(parseSaveDashboardInput({ html: '<!doctype html><p>x</p>', fileName: 'tableau-de-bord-lome.html', format: 'pdf' })).toEqual({
      html: '<!doctype html><p>x</p>',
      fileName: 'tableau-de-bord-lome.html',
      format: 'pdf',
    });
  });

  it('refuses anything else', () => {
    for (const raw of [
      null,
      'html',
      { html: '', fileName: 'a.html', format: 'html' },
      { html: 'x', fileName: 'a.html', format: 'docx' },
      { html: 'x', fileName: 42, format: 'html' },
      { html: 'x', fileName: 'a'.repeat(201), format: 'html' },
      { html: { toString: () => 'x' }, fileName: 'a.html', format: 'html' },
    ]) {
      expect(parseSaveDashboardInput(raw)).toBeUndefined();
    }
    expect(parseSaveDashboardInput({ html: 'x'.repeat(MAX_DASHBOARD_HTML + 1), fileName: 'a', format: 'html' })).toBeUndefined();
  });
});

describe('safeFileName', () => {
  it('keeps a plain name and sets the extension of the format', () => {
    expect(safeFileName('tableau-de-bord-lome-2026.html', 'html')).toBe('tableau-de-bord-lome-2026.html');
    expect(safeFileName('tableau-de-bord-lome-2026.html', 'pdf')).toBe('tableau-de-bord-lome-2026.pdf');
  });

  it('drops folders, traversal, reserved and control characters', () => {
    expect(safeFileName('../../etc/passwd', 'html')).toBe('passwd.html');
    expect(safeFileName('C:\\Users\\x\\evil.pdf', 'pdf')).toBe('evil.pdf');
    expect(safeFileName('a<b>c:d"e|f?g*h\u0000i.html', 'html')).toBe('a-b-c-d-e-f-g-h-i.html');
    expect(safeFileName('...', 'pdf')).toBe('dashboard.pdf');
    expect(safeFileName('', 'html')).toBe('dashboard.html');
  });
});
