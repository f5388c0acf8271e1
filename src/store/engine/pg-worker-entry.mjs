// The PostgreSQL worker's entry: the worker thread does not inherit tsx's loader from the main
// thread, so it registers tsx itself before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./pg-worker.ts');
