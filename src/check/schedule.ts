/**
 * The order in which `cdktf-kamaji check` works through an app's stacks when several run
 * at once: a stack starts only when every stack it depends on has finished (a stack it
 * reads is applied by then), at most `parallelism` at a time, and each stack's report is
 * handed on whole, in the app's dependency order, however the runs interleave. Pure
 * logic: no terraform, no files.
 */

/**
 * Runs `run` for every stack of `order` (each after its dependencies, as
 * dependencyOrder gives them), at most `parallelism` at once, starting ready stacks in
 * `order`. `report` receives each stack's result in `order` as soon as it and every
 * stack before it have finished, so the reports come out as a sequential run gives them.
 */
export async function runInDependencyOrder<T>(
  order: readonly string[],
  dependencies: Readonly<Record<string, readonly string[]>>,
  parallelism: number,
  run: (stack: string) => Promise<T>,
  report: (stack: string, result: T) => void,
): Promise<Map<string, T>> {
  if (!Number.isInteger(parallelism) || parallelism < 1) {
    throw new Error(`parallelism: a positive integer, received ${parallelism}`);
  }
  const position = new Map(order.map((stack, i) => [stack, i]));
  for (const stack of order) {
    for (const dependency of dependencies[stack] ?? []) {
      if (!((position.get(dependency) ?? Infinity) < position.get(stack)!)) {
        throw new Error(`stack ${stack} depends on ${dependency}, which does not come before it`);
      }
    }
  }
  const results = new Map<string, T>();
  const started = new Set<string>();
  let reported = 0;
  let running = 0;
  return new Promise((resolve, reject) => {
    const ready = (stack: string) =>
      !started.has(stack) && (dependencies[stack] ?? []).every((d) => results.has(d));
    const next = (): void => {
      while (reported < order.length && results.has(order[reported])) {
        report(order[reported], results.get(order[reported])!);
        reported++;
      }
      if (reported === order.length) {
        resolve(results);
        return;
      }
      for (const stack of order) {
        if (running >= parallelism) break;
        if (!ready(stack)) continue;
        started.add(stack);
        running++;
        run(stack).then((result) => {
          running--;
          results.set(stack, result);
          try {
            next();
          } catch (error) {
            reject(error);
          }
        }, reject);
      }
    };
    next();
  });
}
