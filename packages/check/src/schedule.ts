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
 * `order`. `prepare`, when given, runs first for each stack, as soon as a slot is free,
 * without waiting for its dependencies (work that reads nothing of theirs), and its
 * result is handed to `run`; a stack ready to run goes before any preparation. `report`
 * receives each stack's result in `order` as soon as it and every stack before it have
 * finished, so the reports come out as a sequential run gives them.
 */
export async function runInDependencyOrder<T, P = undefined>(
  order: readonly string[],
  dependencies: Readonly<Record<string, readonly string[]>>,
  parallelism: number,
  run: (stack: string, prepared: P) => Promise<T>,
  report: (stack: string, result: T) => void,
  prepare?: (stack: string) => Promise<P>,
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
  const preparing = new Set<string>();
  const prepared = new Map<string, P>();
  const started = new Set<string>();
  let reported = 0;
  let running = 0;
  return new Promise((resolve, reject) => {
    const settle = (then: () => void) => () => {
      running--;
      then();
      try {
        next();
      } catch (error) {
        reject(error);
      }
    };
    const readyToRun = (stack: string) =>
      !started.has(stack) &&
      (prepare === undefined || prepared.has(stack)) &&
      (dependencies[stack] ?? []).every((d) => results.has(d));
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
        if (running >= parallelism) return;
        if (!readyToRun(stack)) continue;
        started.add(stack);
        running++;
        run(stack, prepared.get(stack) as P).then(
          (result) => settle(() => results.set(stack, result))(),
          reject,
        );
      }
      if (prepare === undefined) return;
      for (const stack of order) {
        if (running >= parallelism) return;
        if (preparing.has(stack)) continue;
        preparing.add(stack);
        running++;
        prepare(stack).then((result) => settle(() => prepared.set(stack, result))(), reject);
      }
    };
    next();
  });
}
