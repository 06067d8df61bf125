/**
 * Remembers the window's size and place in userData/window-state.json. The file is validated
 * (it is user-editable and may be from another machine) and the bounds are pulled back onto a
 * display that exists now, so a window never opens off-screen after a monitor is unplugged.
 */
import { readFileSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { screen, type BrowserWindow, type Rectangle } from 'electron';
import { z } from 'zod';

const MIN_WIDTH = 720;
const MIN_HEIGHT = 480;
const DEFAULT = { width: 1280, height: 860 };

const stateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(MIN_WIDTH).max(20_000),
  height: z.number().int().min(MIN_HEIGHT).max(20_000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof stateSchema>;

export const WINDOW_LIMITS = { minWidth: MIN_WIDTH, minHeight: MIN_HEIGHT };

const fileIn = (dir: string) => path.join(dir, 'window-state.json');

/** The saved state, made visible on the current displays; defaults when missing or invalid. */
export function loadWindowState(dir: string): WindowState {
  let saved: WindowState | undefined;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(readFileSync(fileIn(dir), 'utf8')));
    if (parsed.success) saved = parsed.data;
  } catch {
    // First run, or an unreadable file: fall back to the defaults.
  }
  return clampToDisplays(saved ?? { ...DEFAULT, maximized: false });
}

export function clampToDisplays(state: WindowState): WindowState {
  const { x, y } = state;
  const probe: Rectangle = { x: x ?? 0, y: y ?? 0, width: state.width, height: state.height };
  const area = (x === undefined || y === undefined ? screen.getPrimaryDisplay() : screen.getDisplayMatching(probe)).workArea;
  const width = Math.max(Math.min(state.width, area.width), Math.min(MIN_WIDTH, area.width));
  const height = Math.max(Math.min(state.height, area.height), Math.min(MIN_HEIGHT, area.height));
  if (x === undefined || y === undefined) return { width, height, maximized: state.maximized };
  // At least a title bar's worth must be on screen; otherwise let Electron centre the window.
  const visible = x + width > area.x + 40 && x < area.x + area.width - 40 && y >= area.y - 10 && y < area.y + area.height - 40;
  if (!visible) return { width, height, maximized: state.maximized };
  return {
    x: Math.min(Math.max(x, area.x), area.x + area.width - width),
    y: Math.min(Math.max(y, area.y), area.y + area.height - height),
    width,
    height,
    maximized: state.maximized,
  };
}

/** Saves on close (synchronously: the process may be about to exit). Failing to save is harmless. */
export function trackWindowState(win: BrowserWindow, dir: string): void {
  win.on('close', () => {
    try {
      const bounds = win.getNormalBounds();
      const state: WindowState = { ...bounds, maximized: win.isMaximized() };
      mkdirSync(dir, { recursive: true });
      const tmp = `${fileIn(dir)}.tmp`;
      writeFileSync(tmp, JSON.stringify(state));
      renameSync(tmp, fileIn(dir));
    } catch {
      // Window placement is a convenience; never block closing on it.
    }
  });
}
