/**
 * The two ways the core lets the event loop run between long synchronous steps (store loads,
 * index builds and loads, cache encoding), in one place so each caller picks one by its rule.
 */

/**
 * Lets pending I/O run (setImmediate): enough between chunks that each await I/O anyway (a store
 * reading its files). Not a full turn when called from an I/O callback: see `yieldFullTurn`.
 */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A full turn of the event loop, timers and I/O included, between two long synchronous steps.
 * `yieldToLoop` is not one when called from an I/O callback (a worker's message): setImmediate
 * then runs in the same turn, before any timer or new request, so two steps chained that way
 * block the loop as one (measured: ~200 ms at 10,000 records on the cold path).
 */
export function yieldFullTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
