// Leaving the process without losing what it last wrote. Writes to a pipe (a log collector, a
// service manager's journal, `| tee`) are queued once the pipe is full, and process.exit()
// drops whatever is still queued: the shutdown's own log lines first of all.

/** Resolves once everything written to `streams` so far has been handed to the OS, or after `timeoutMs`. */
export function flushed(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr], timeoutMs = 5000): Promise<void> {
  const pending = streams.filter((s) => !s.destroyed && s.writableLength > 0);
  if (!pending.length) return Promise.resolve();
  return new Promise<void>((resolve) => {
    // A reader that never reads must not keep a stopping bot alive.
    const timer = setTimeout(resolve, timeoutMs);
    timer.unref();
    // An empty write's callback runs once every write before it is done (or has failed).
    void Promise.all(pending.map((s) => new Promise<void>((done) => s.write('', () => done())))).then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** process.exit(code) once stdout and stderr are flushed (at most `timeoutMs` later). */
export async function exitWhenFlushed(code: number, timeoutMs = 5000): Promise<never> {
  await flushed(undefined, timeoutMs);
  process.exit(code);
}
