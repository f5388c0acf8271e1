// The ingest worker's entry: worker threads do not inherit tsx's loader in Node 20, so the
// worker registers it, then loads the TypeScript worker. A file, not `eval` code: an eval'd
// worker has a global `__dirname` of '.', which misleads synckit (the PostgreSQL store's
// bridge, started from this thread) into preloading a file that does not exist, and it hangs.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
