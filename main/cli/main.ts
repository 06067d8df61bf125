/**
 * `socle` command line: `socle [--data DIR] [--json] <command> [args]`.
 * Exit codes: 0 success, 2 bad input (one line on stderr, no stack trace), 1 internal error.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { COMMAND_MODULES, loadAllCommands, loadCommand } from './commands/index';
import { makeContext, type Command, type Io } from './context';
import { HubFailure, toHubError, type HubError } from '../core/result';

const GLOBAL_OPTIONS = {
  data: { type: 'string' as const },
  json: { type: 'boolean' as const },
  help: { type: 'boolean' as const, short: 'h' },
};

export async function helpText(): Promise<string> {
  const COMMANDS = await loadAllCommands();
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Socle: offline knowledge hub on social protection floors',
    '',
    'Usage: socle [--data DIR] [--json] <command> [arguments]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  --data DIR  data directory (default: the desktop app\'s, or $SOCLE_DATA)',
    '  --json      machine-readable output',
    '',
    'Run "socle <command> --help" for a command\'s options.',
  ].join('\n');
}

/**
 * An input error names the option the user typed (`--step: must be 1, 2 or 3`) rather than the
 * contract's field path (`step.0`, `publisher.name`) when the command has such an option.
 */
export function cliMessage(command: Pick<Command, 'options'>, err: HubError): string {
  const issue = err.issues?.[0];
  if (err.code !== 'invalid' || !err.field || !issue || !command.options) return err.message;
  const path = err.field.split('.').filter((p) => !/^\d+$/.test(p));
  const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const candidates = [path.join('-'), kebab(path.join('-')), path[0] ?? '', kebab(path[0] ?? '')];
  const flag = candidates.find((c) => c && command.options?.[c]);
  return flag ? `--${flag}: ${issue.message}` : err.message;
}

/** User-correctable failures exit 2; anything else is our fault and exits 1. */
const USER_ERRORS = new Set(['invalid', 'not-found', 'conflict', 'read-only', 'too-large', 'unsupported', 'corrupt']);

export async function runCli(argv: string[], io: Io): Promise<number> {
  const name = argv.find((a, i) => !a.startsWith('-') && !(i > 0 && argv[i - 1] === '--data'));
  // Only the named command's module is loaded: a one-off `socle search` stays lean.
  const command = name && COMMAND_MODULES.some(([n]) => n === name) ? await loadCommand(name) : undefined;
  if (!name || (!command && (argv.includes('--help') || argv.includes('-h')))) {
    io.out(await helpText());
    return name || argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  }
  if (!command) {
    io.err(`socle: unknown command "${name}". Run "socle --help" for the list.`);
    return 2;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv.filter((a) => a !== name || argv.indexOf(a) !== argv.indexOf(name)),
      options: { ...GLOBAL_OPTIONS, ...(command.options ?? {}) },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    io.err(`socle ${command.name}: ${(e as Error).message.split('\n')[0]}. Usage: ${command.usage}`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(`${command.summary}\n\nUsage: ${command.usage}`);
    return 0;
  }
  const { ctx, close } = makeContext(io, parsed.positionals, parsed.values as Record<string, string | boolean | string[] | undefined>);
  try {
    return await command.run(ctx);
  } catch (e) {
    const err = toHubError(e);
    const userError = e instanceof HubFailure ? USER_ERRORS.has(e.code) : false;
    if (ctx.json) io.err(JSON.stringify({ error: err }));
    else io.err(`socle ${command.name}: ${cliMessage(command, err)}`);
    return userError ? 2 : 1;
  } finally {
    try {
      await close();
    } catch (e) {
      io.err(`socle: could not save the search index cache: ${(e as Error).message}`);
    }
  }
}

const isMain = !!process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(t + '\n'),
    err: (t) => process.stderr.write(t + '\n'),
    env: process.env,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`socle: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
