// HPA status conditions (AbleToScale, ScalingActive, ScalingLimited) with upstream's semantics:
// lastTransitionTime changes only when the status does.

export interface HPACondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

export function setCondition(
  conditions: HPACondition[],
  type: string,
  status: boolean,
  reason: string,
  message: string,
  now: string,
): void {
  const s = status ? 'True' : 'False';
  const existing = conditions.find((c) => c.type === type);
  if (!existing) {
    conditions.push({ type, status: s, lastTransitionTime: now, reason, message });
    return;
  }
  if (existing.status !== s) existing.lastTransitionTime = now;
  existing.status = s;
  existing.reason = reason;
  existing.message = message;
}

/** DecimalSI Quantity.String() of a value given in thousandths (NewMilliQuantity). */
export function milliQuantity(milli: number): string {
  const m = Math.trunc(milli);
  if (m % 1000 !== 0) return `${m}m`;
  let v = m / 1000;
  if (v === 0) return '0';
  for (const suffix of ['k', 'M', 'G', 'T', 'P', 'E']) {
    if (v % 1000 !== 0) return suffix === 'k' ? String(v) : `${v}${prev(suffix)}`;
    v /= 1000;
  }
  return `${v}E`;
}

function prev(suffix: string): string {
  return { M: 'k', G: 'M', T: 'G', P: 'T', E: 'P' }[suffix] ?? '';
}
