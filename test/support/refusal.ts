/** The message of the error `build` throws; fails the test when it throws none. */
export function refusalMessage(build: () => unknown): string {
  try {
    build();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the input to be refused, but nothing was thrown');
}
