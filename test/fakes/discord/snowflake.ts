// Snowflake ids for the fake: real-looking (timestamp-based) so discord.js can derive createdAt from them.

const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

export function snowflake(now: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(now) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

/** A random-looking interaction token; only needs to be unique and URL-safe. */
export function interactionToken(): string {
  return `aW50ZXJhY3Rpb24${snowflake()}${Math.random().toString(36).slice(2, 12)}`;
}
