// Error types of the feed layer; messages name the source so a log line alone says what broke.
// The problem often quotes what a feed or server sent, so it is made printable and clipped here,
// once for every place these messages reach (the CLI's stderr, the poller's log, feed_state).
import { printable } from '../text/printable';

const MAX_PROBLEM = 300;

/** A body could not be read as a feed (malformed XML, an HTML page, unknown format). */
export class FeedParseError extends Error {
  readonly problem: string;
  constructor(
    readonly source: string,
    problem: string,
  ) {
    const clean = printable(problem, MAX_PROBLEM);
    super(`${printable(source, Infinity)}: ${clean}`);
    this.problem = clean;
    this.name = 'FeedParseError';
  }
}

/** A feed URL could not be fetched (HTTP error, timeout, size cap, redirect trouble, network). */
export class FetchError extends Error {
  readonly problem: string;
  constructor(
    readonly url: string,
    problem: string,
    /** HTTP status when the server answered with an error status. */
    readonly status?: number,
  ) {
    const clean = printable(problem, MAX_PROBLEM);
    super(`${printable(url, Infinity)}: ${clean}`);
    this.problem = clean;
    this.name = 'FetchError';
  }
}

/** A local feed file could not be read. */
export class SourceReadError extends Error {
  readonly problem: string;
  constructor(
    readonly path: string,
    problem: string,
  ) {
    const clean = printable(problem, MAX_PROBLEM);
    super(`cannot read file ${printable(path, Infinity)}: ${clean}`);
    this.problem = clean;
    this.name = 'SourceReadError';
  }
}
