/**
 * The CLI's command table. A command is one object (name, usage, options, run) in a module of
 * this folder; adding one is that object and one line in COMMAND_MODULES.
 *
 * Modules are loaded lazily (dynamic import): a one-off `socle search` loads the search module
 * and what it needs, not the HTTP server, sync (PouchDB), bundles (zip), workshops or clinics.
 * The built CLI (scripts/build-cli.js) turns each import() below into its own chunk.
 */
import type { Command } from '../context';

const LOADERS = {
  search: () => import('./search'),
  records: () => import('./records'),
  serve: () => import('./serve'),
  workshops: () => import('./workshops'),
  bundles: () => import('./bundles'),
  sync: () => import('./sync'),
  clinics: () => import('./clinics'),
  browse: () => import('./browse'),
} satisfies Record<string, () => Promise<object>>;

export type CommandModule = keyof typeof LOADERS;

/** Every command name, in the order `socle --help` lists them, with the module that defines it. */
export const COMMAND_MODULES: readonly (readonly [name: string, module: CommandModule])[] = [
  ['search', 'search'],
  ['show', 'records'],
  ['list', 'records'],
  ['add', 'records'],
  ['delete', 'records'],
  ['restore', 'records'],
  ['trash', 'records'],
  ['history', 'records'],
  ['info', 'records'],
  ['serve', 'serve'],
  ['workshop', 'workshops'],
  ['note', 'workshops'],
  ['dashboard', 'workshops'],
  ['export', 'bundles'],
  ['import', 'bundles'],
  ['conflicts', 'bundles'],
  ['resolve', 'bundles'],
  ['identity', 'bundles'],
  ['sync', 'sync'],
  ['set', 'sync'],
  ['coverage', 'clinics'],
  ['compare-projects', 'clinics'],
  ['country', 'browse'],
  ['cite', 'browse'],
  ['bookmark', 'browse'],
  ['unbookmark', 'browse'],
  ['bookmarks', 'browse'],
];

function isCommand(value: unknown): value is Command {
  return !!value && typeof value === 'object' && typeof (value as Command).name === 'string' && typeof (value as Command).run === 'function';
}

/** The commands a module exports (objects with a name and a run function). */
export async function commandsOf(module: CommandModule): Promise<Command[]> {
  return Object.values(await LOADERS[module]()).filter(isCommand);
}

export const MODULE_NAMES = Object.keys(LOADERS) as CommandModule[];

/** Loads the module of one command; undefined for an unknown name. */
export async function loadCommand(name: string): Promise<Command | undefined> {
  const module = COMMAND_MODULES.find(([n]) => n === name)?.[1];
  return module ? (await commandsOf(module)).find((c) => c.name === name) : undefined;
}

/** Every command, in help order (loads every module: only `socle --help` needs this). */
export async function loadAllCommands(): Promise<Command[]> {
  const commands = await Promise.all(COMMAND_MODULES.map(([name]) => loadCommand(name)));
  return commands.filter((c): c is Command => !!c);
}
