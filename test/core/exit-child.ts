// Writes argv[2] numbered lines to stderr, then leaves with exitWhenFlushed: for the test that
// a slow reader still gets every line.
import { exitWhenFlushed } from '../../src/core/exit';

const n = Number(process.argv[2]);
for (let i = 0; i < n; i++) process.stderr.write(`line ${i} ${'x'.repeat(100)}\n`);
await exitWhenFlushed(0);
