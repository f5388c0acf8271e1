// Pacing one source's ingest: checkpoints between bounded chunks of work yield to the event loop
// (so a bot answers commands meanwhile) and enforce the source's time budget.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { IngestBudgetError } from './errors';

export interface Control {
  /** Lets other work run; throws IngestBudgetError once the budget is spent. */
  checkpoint(): Promise<void>;
  /** Called once, right before the write transaction (which is not interrupted). */
  writing(): void;
}

export interface Budget {
  ms: number;
  /** The environment variable that sets it, for the error message. */
  setting: string;
}

export function budgetControl(source: string, budget: Budget, opts: { now?: () => number; onWriting?: () => void } = {}): Control {
  const now = opts.now ?? (() => performance.now());
  const deadline = now() + budget.ms;
  return {
    async checkpoint() {
      await yieldToLoop();
      if (now() > deadline) throw new IngestBudgetError(source, budget.ms, budget.setting);
    },
    writing() {
      opts.onWriting?.();
    },
  };
}
