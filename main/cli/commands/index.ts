/**
 * The CLI's command table. A command is one object (name, usage, options, run); adding one is a
 * new module and one line here.
 */
import type { Command } from '../context';
import { add, history, info, list, remove, restore, show, trash } from './records';
import { search } from './search';
import { serve } from './serve';
import { WORKSHOP_COMMANDS } from './workshops';
import { bundleCommands } from './bundles';
import { BROWSE_COMMANDS } from './browse';
import { CLINIC_COMMANDS } from './clinics';
import { syncCommands } from './sync';

export const COMMANDS: Command[] = [search, show, list, add, remove, restore, trash, history, info, serve, ...WORKSHOP_COMMANDS, ...bundleCommands, ...syncCommands, ...CLINIC_COMMANDS, ...BROWSE_COMMANDS];
