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

/** A node still to check; its path (for the error message) is built only when something is refused. */
interface Pending {
  value: unknown;
  parent: Pending | undefined;
  key: string;
  depth: number;
}

function pathOf(node: Pending): string {
  const keys: string[] = [];
  for (let n: Pending | undefined = node; n?.parent; n = n.parent) keys.push(n.key);
  return keys.reverse().join('.');
}

/** Walks the value without recursion (a deep value must not overflow the stack here either). */
function checkTree(root: unknown, what: string, limits: Pick<BundleLimits, 'maxDepth' | 'maxStringChars'>): void {
  const stack: Pending[] = [{ value: root, parent: undefined, key: '', depth: 0 }];
  while (stack.length) {
    const node = stack.pop()!;
    const { value, depth } = node;
    if (typeof value === 'string') {
      if (value.length > limits.maxStringChars) {
        const path = pathOf(node);
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
      throw new HubFailure('too-large', `Refused: ${what} is nested more than ${limits.maxDepth} levels deep (at ${pathOf(node) || '(root)'}).`, {
        details: { entry: what },
      });
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push({ value: value[i], parent: node, key: String(i), depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) {
        const path = pathOf(node);
        const at = path ? `${path}.${key}` : key;
        throw new HubFailure('invalid', `Refused: ${what} contains the forbidden key "${key}" (at ${at}).`, { field: at, details: { entry: what } });
      }
      stack.push({ value: (value as Record<string, unknown>)[key], parent: node, key, depth: depth + 1 });
    }
  }
}
