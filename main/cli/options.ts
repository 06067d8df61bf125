/** Small helpers every command uses to read its options and print results. */
import type { CommandContext } from './context';
import { HubFailure } from '../core/result';

export const printJson = (ctx: Pick<CommandContext, 'io'>, value: unknown): void => ctx.io.out(JSON.stringify(value, null, 2));

/** A string option, trimmed; absent or blank is undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** A repeatable option (`--country SN --country TG`) as a list. */
export function list(value: unknown): string[] {
  return Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
}

export function intOpt(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new HubFailure('invalid', `--${name} must be a whole number (got "${String(value)}")`);
  return n;
}

/** A required argument or option: missing is bad input (exit 2) with the usage line. */
export function need(value: string | undefined, what: string, usage: string): string {
  if (!value) throw new HubFailure('invalid', `Missing ${what}. Usage: ${usage}`);
  return value;
}
