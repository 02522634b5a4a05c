// Upstream k8s.io/apimachinery/pkg/util/duration.HumanDuration, on milliseconds.
// ~2-3 significant figures; tolerates up to 2s of clock skew as "0s". It lives in the contract: the
// UI ticks AGE with the same function.
import { humanDuration } from '../../contract/index.js';

export { humanDuration };

/** Parses an RFC3339 (micro)time; undefined/empty/unparseable count as Go's zero time. */
export function parseTime(ts: unknown): number | undefined {
  if (typeof ts !== 'string' || ts === '') return undefined;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? undefined : t;
}

/** Upstream translateTimestampSince: "<unknown>" for a zero timestamp. */
export function since(ts: unknown, now: Date): string {
  const t = parseTime(ts);
  return t === undefined ? '<unknown>' : humanDuration(now.getTime() - t);
}
