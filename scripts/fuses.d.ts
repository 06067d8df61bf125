// Types of scripts/fuses.js (a plain script, so that packagers can load it without a TypeScript loader).
import type { FuseV1Config } from '@electron/fuses';

export function socleFuses(target?: { platform?: string; arch?: string }): FuseV1Config;
export function applyFuses(binary: string, target?: { platform?: string; arch?: string }): Promise<void>;
export function checkFuses(binary: string): Promise<string[]>;
export default function afterPack(context: {
  appOutDir: string;
  electronPlatformName: string;
  arch: number | string;
  packager: { appInfo: { productFilename: string }; executableName: string };
}): Promise<void>;
