// Go's time.Duration text, the form every duration takes on the wire and in settings files.

/**
 * Go's time.Duration text ("10s", "1m30s", "1.5h", "500ms", "0"), the form every duration takes on
 * the wire and in settings files, → milliseconds (fractional below 1 ms); undefined if it is not one.
 * The one parser of the project (config/duration.ts adds field errors); it lives here because the
 * renderer needs it too and may import nothing but this contract.
 */
export function parseGoDuration(text: string): number | undefined {
  const m = /^([-+]?)(.*)$/.exec(text) as RegExpExecArray;
  if (m[2] === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let ms = 0;
  let at = 0;
  while (at < m[2].length) {
    re.lastIndex = at;
    const part = re.exec(m[2]);
    if (!part) return undefined;
    ms += Number(part[1]) * GO_UNIT_MS[part[2]];
    at = re.lastIndex;
  }
  if (at === 0) return undefined;
  return m[1] === '-' ? -ms : ms;
}

/** Milliseconds per unit of Go's duration text. */
export const GO_UNIT_MS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ns: 1e-6,
};

/** Go's time.Duration.String() of a number of milliseconds: "0s", "500ms", "1.5s", "5m0s", "1h30m0s". */
export function formatGoDuration(ms: number): string {
  let ns = Math.round(Math.abs(ms) * 1e6);
  const sign = ms < 0 && ns > 0 ? '-' : '';
  const frac = (n: number, digits: number) => {
    const whole = Math.floor(n / 10 ** digits);
    const rest = String(n % 10 ** digits)
      .padStart(digits, '0')
      .replace(/0+$/, '');
    return rest ? `${whole}.${rest}` : String(whole);
  };
  if (ns === 0) return '0s';
  if (ns < 1e3) return `${sign}${ns}ns`;
  if (ns < 1e6) return `${sign}${frac(ns, 3)}µs`;
  if (ns < 1e9) return `${sign}${frac(ns, 6)}ms`;
  const h = Math.floor(ns / 3.6e12);
  ns -= h * 3.6e12;
  const m = Math.floor(ns / 6e10);
  ns -= m * 6e10;
  const s = `${frac(ns, 9)}s`;
  return sign + (h ? `${h}h${m}m${s}` : m ? `${m}m${s}` : s);
}
