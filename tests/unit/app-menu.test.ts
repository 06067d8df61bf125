// The desktop menu speaks the system's language: French, Portuguese (pt-PT, pt-CV, pt-GW, pt-BR)
// or English, with every label in each.
import { describe, it, expect, vi } from 'vitest';

vi.mock('electron', () => ({ app: {}, Menu: {} })); // the Electron binary is absent in CI

const { MENU_LABELS, menuLanguage } = await import('../../main/app/menu');

describe('application menu', () => {
  it('picks the language from the system locale', () => {
    expect(menuLanguage('fr-SN')).toBe('fr');
    expect(menuLanguage('pt-CV')).toBe('pt');
    expect(menuLanguage('pt-GW')).toBe('pt');
    expect(menuLanguage('PT-pt')).toBe('pt');
    expect(menuLanguage('en-GB')).toBe('en');
    expect(menuLanguage('wo')).toBe('en');
  });

  it('has every label in every language', () => {
    const keys = Object.keys(MENU_LABELS.en).sort();
    expect(Object.keys(MENU_LABELS.fr).sort()).toEqual(keys);
    expect(Object.keys(MENU_LABELS.pt).sort()).toEqual(keys);
    expect(MENU_LABELS.pt.file).toBe('Ficheiro');
  });
});
