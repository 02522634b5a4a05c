// Durations in settings: Go's text ("10s", "1m30s", "500ms") or a bare number of seconds (YAML `2`).
// The codec itself is the contract's (the renderer shares it); this adds the field-named errors.
import { formatGoDuration, parseGoDuration } from '../contract/index.js';
import { SettingsError } from './errors.js';

export { formatGoDuration, parseGoDuration };

/** A settings duration → whole ms; a negative, unit-less or garbled one is a SettingsError on `field`. */
export function parseDuration(v: unknown, field: string): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return Math.round(v * 1000);
  const ms = typeof v === 'string' ? parseGoDuration(v.trim()) : undefined;
  if (ms === undefined || ms < 0) {
    throw new SettingsError(
      field,
      `${field} must be a duration like 10s, 500ms or 5m (got ${JSON.stringify(v)})`,
    );
  }
  return Math.round(ms);
}
