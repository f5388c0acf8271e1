// Discord shard settings: which gateway shards this process runs, validated with the rest of the config.

/** DISCORD_SHARD_COUNT and DISCORD_SHARD_IDS (`0,2` or `0-3`), checked against each other. */
export function shardSettings(
  countRaw: string | undefined,
  idsRaw: string | undefined,
  problems: string[],
): { shardCount: number; shardIds: number[] } {
  const count = countRaw === undefined ? 1 : Number(countRaw);
  if (!Number.isInteger(count) || count < 1 || count > 100_000) {
    problems.push(`DISCORD_SHARD_COUNT must be a whole number from 1 (got "${countRaw}")`);
    return { shardCount: 1, shardIds: [0] };
  }
  const all = Array.from({ length: count }, (_, i) => i);
  if (idsRaw === undefined) return { shardCount: count, shardIds: all };
  const ids = new Set<number>();
  for (const part of idsRaw.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    const from = m ? Number(m[1]) : NaN;
    const to = m?.[2] !== undefined ? Number(m[2]) : from;
    if (!m || from > to || to >= count) {
      problems.push(`DISCORD_SHARD_IDS must list shard numbers below DISCORD_SHARD_COUNT (${count}), like 0,2 or 0-3 (got "${idsRaw}")`);
      return { shardCount: count, shardIds: all };
    }
    for (let i = from; i <= to; i++) ids.add(i);
  }
  return { shardCount: count, shardIds: [...ids].sort((a, b) => a - b) };
}
