/**
 * JSON from a bundle is hostile until proven otherwise: it must be UTF-8, parse, stay shallow,
 * keep its strings within the model's longest field, and carry no key that could reach an
 * object's prototype when the value is later spread or merged (`__proto__`, `constructor`,
 * `prototype`; JSON.parse keeps "__proto__" as an own key, so it survives into the value).
 */
import { HubFailure } from '../result';
import { FORBIDDEN_KEYS, type BundleLimits } from './format';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Parses `bytes` (the entry `what`) or throws a HubFailure naming the entry and the problem. */
export function parseBundleJson(bytes: Uint8Array, what: string, limits: Pick<BundleLimits, 'maxDepth' | 'maxStringChars'>): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new HubFailure('corrupt', `Refused: ${what} is not UTF-8 text.`, { details: { entry: what } });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0]!.slice(0, 160) : 'unreadable';
    throw new HubFailure('corrupt', `Refused: ${what} is not valid JSON (${reason}).`, { details: { entry: what } });
  }
  checkTree(value, what, limits);
  return value;
}

/** Walks the value without recursion (a deep value must not overflow the stack here either). */
function checkTree(root: unknown, what: string, limits: Pick<BundleLimits, 'maxDepth' | 'maxStringChars'>): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.length > limits.maxStringChars) {
        throw new HubFailure(
          'too-large',
          `Refused: ${what}: the field ${path || '(root)'} is ${value.length} characters long (at most ${limits.maxStringChars}).`,
          { field: path || undefined, details: { entry: what } },
        );
      }
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limits.maxDepth) {
      throw new HubFailure('too-large', `Refused: ${what} is nested more than ${limits.maxDepth} levels deep (at ${path || '(root)'}).`, {
        details: { entry: what },
      });
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, path: path ? `${path}.${i}` : String(i), depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(value)) {
      const at = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) {
        throw new HubFailure('invalid', `Refused: ${what} contains the forbidden key "${key}" (at ${at}).`, { field: at, details: { entry: what } });
      }
      stack.push({ value: (value as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
  }
}
