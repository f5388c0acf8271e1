/** Most of `times` (ms) within any one second: a window closed at its end, as the platforms count. */
export function busiestSecond(times: readonly number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[j]! <= t[i]! - 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}
