/**
 * The one boundary between the outside world and the core: looks a method up by name, validates
 * the raw input with the method's schema, calls the core, and returns a Result. IPC, HTTP and
 * the CLI all go through here, so a check added in the core or a schema protects all three.
 */
import { inputSchemas, METHODS, type HubMethods, type MethodName, type MethodOutputs } from './contract';
import { HubFailure, invalidFromZod, toHubError, type Result } from './result';

export function isMethod(name: unknown): name is MethodName {
  return typeof name === 'string' && (METHODS as readonly string[]).includes(name);
}

export async function dispatch(api: HubMethods, method: string, rawInput: unknown): Promise<Result<MethodOutputs[MethodName]>> {
  try {
    if (!isMethod(method)) throw new HubFailure('not-found', `Unknown method "${method}".`);
    const parsed = inputSchemas[method].safeParse(rawInput ?? {});
    if (!parsed.success) throw invalidFromZod(parsed.error);
    const fn = api[method] as (input: unknown) => Promise<MethodOutputs[MethodName]>;
    return { ok: true, value: await fn(parsed.data) };
  } catch (e) {
    return { ok: false, error: toHubError(e) };
  }
}
