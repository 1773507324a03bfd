// A bounded wait: what an observer's flush or a process's exit does with work it cannot let hold it
// for ever (an endpoint that never answers).

/** Resolves once `work` settles (either way) or `ms` have passed; the timer never keeps the process alive. */
export function withTimeout(work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    work.then(done, done);
  });
}
