// Errors of the ingest layer.

/** A source took longer than its time budget and was abandoned before anything was written. */
export class IngestBudgetError extends Error {
  constructor(
    readonly source: string,
    readonly budgetMs: number,
    /** The environment variable that sets this budget. */
    readonly setting: string,
  ) {
    super(`${source}: abandoned after ${formatSeconds(budgetMs)}, the time budget for one source (${setting}); nothing of it was stored`);
    this.name = 'IngestBudgetError';
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
