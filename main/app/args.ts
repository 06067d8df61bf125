/** Command-line switches of the desktop app (Chromium ignores switches it does not know). */
import path from 'node:path';

/** `--data DIR` or `--data=DIR`, else $SOCLE_DATA; undefined means Electron's userData. */
export function dataDirFromArgs(argv: string[] = process.argv, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--data=') && a.length > '--data='.length) return path.resolve(a.slice('--data='.length));
    if (a === '--data' && argv[i + 1] && !argv[i + 1]!.startsWith('-')) return path.resolve(argv[i + 1]!);
  }
  return env.SOCLE_DATA ? path.resolve(env.SOCLE_DATA) : undefined;
}
