// Progress for long CLI operations: shown on a terminal, silent when piped or with --json.
export interface Progress {
  update(done: number, total: number, label?: string): void;
  done(message?: string): void;
}

export function createProgress(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  const on = enabled && stream.isTTY === true;
  let last = 0;
  return {
    update(done, total, label = '') {
      if (!on) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const pct = total ? Math.floor((done / total) * 100) : 100;
      stream.write(`\r\x1b[K${label} ${done}/${total} (${pct}%)`);
    },
    done(message) {
      if (!on) return;
      stream.write(`\r\x1b[K${message ? message + '\n' : ''}`);
    },
  };
}
