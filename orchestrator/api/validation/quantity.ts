// Kubernetes resource.Quantity parsing (apimachinery/pkg/api/resource), exact to the milli.
// Arithmetic is done on BigInt so "0.1" or "100m" do not pick up float noise before rounding.

/** The regular expression upstream quotes when a quantity fails to parse. */
export const QUANTITY_REGEX_TEXT = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

interface Parsed {
  negative: boolean;
  digits: bigint; // mantissa without the decimal point
  fracDigits: number; // how many of those digits were after the point
  binaryShift?: number; // 2^n multiplier for Ki..Ei
  exp10: number; // 10^n multiplier for decimal suffixes and e/E exponents
}

function parse(s: string): Parsed | undefined {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(s);
  if (!m) return undefined;
  const [, sign, whole, frac = '', suffix] = m;
  if (whole === '' && frac === '') return undefined;
  const digits = BigInt((whole + frac).replace(/^0+(?=.)/, '') || '0');
  const base: Parsed = { negative: sign === '-', digits, fracDigits: frac.length, exp10: 0 };
  if (suffix in BINARY) return { ...base, binaryShift: BINARY[suffix] };
  if (suffix in DECIMAL) return { ...base, exp10: DECIMAL[suffix] };
  const e = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
  if (e) return { ...base, exp10: Number(e[1]) };
  return undefined;
}

/** Value of the quantity in thousandths of a base unit, rounded away from zero (upstream MilliValue). */
export function parseQuantityMilli(s: string): bigint | undefined {
  if (typeof s !== 'string' || s.length === 0 || s.trim() !== s) return undefined;
  const p = parse(s);
  if (!p) return undefined;
  let num = p.digits * 1000n;
  let den = 10n ** BigInt(p.fracDigits);
  if (p.binaryShift !== undefined) num *= 1n << BigInt(p.binaryShift);
  if (p.exp10 >= 0) num *= 10n ** BigInt(p.exp10);
  else den *= 10n ** BigInt(-p.exp10);
  let milli = num / den;
  if (num % den !== 0n) milli += 1n;
  return p.negative ? -milli : milli;
}

/** Value of the quantity in base units (cores, bytes…) with milli precision, or undefined if malformed. */
export function parseQuantity(s: string): number | undefined {
  const milli = parseQuantityMilli(s);
  return milli === undefined ? undefined : Number(milli) / 1000;
}

/** Accepts the JSON forms a quantity may take (string or number). */
export function quantityOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return parseQuantity(String(v));
  if (typeof v === 'string') return parseQuantity(v);
  return undefined;
}
