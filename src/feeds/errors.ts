// Error types of the feed layer; messages name the source so a log line alone says what broke.

/** A body could not be read as a feed (malformed XML, an HTML page, unknown format). */
export class FeedParseError extends Error {
  constructor(
    readonly source: string,
    readonly problem: string,
  ) {
    super(`${source}: ${problem}`);
    this.name = 'FeedParseError';
  }
}

/** A feed URL could not be fetched (HTTP error, timeout, size cap, redirect trouble, network). */
export class FetchError extends Error {
  constructor(
    readonly url: string,
    readonly problem: string,
    /** HTTP status when the server answered with an error status. */
    readonly status?: number,
  ) {
    super(`${url}: ${problem}`);
    this.name = 'FetchError';
  }
}

/** A local feed file could not be read. */
export class SourceReadError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`cannot read file ${path}: ${problem}`);
    this.name = 'SourceReadError';
  }
}
