// HorizontalPodAutoscaler defaults for autoscaling/v2 and autoscaling/v1.
import { child, def, isObj } from './util.js';

const scaleUpDefaults = () => ({
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
});
// scaleDown keeps stabilizationWindowSeconds unset: the controller's flag (300 s) applies.
const scaleDownDefaults = () => ({
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
});

/** copyHPAScalingRules: user-set fields win, the rest come from the defaults. */
function fillRules(rules: unknown, defaults: Record<string, any>): Record<string, any> {
  if (!isObj(rules)) return defaults;
  const out = { ...defaults };
  for (const k of ['selectPolicy', 'stabilizationWindowSeconds', 'policies', 'tolerance'])
    if (rules[k] !== undefined && rules[k] !== null) out[k] = rules[k];
  return out;
}

export function defaultHPAv2(obj: Record<string, any>): void {
  const spec = child(obj, 'spec');
  def(spec, 'minReplicas', 1);
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0)
    spec.metrics = [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ];
  // Only a behavior the user gave is completed; an absent one stays absent.
  if (isObj(spec.behavior)) {
    spec.behavior.scaleUp = fillRules(spec.behavior.scaleUp, scaleUpDefaults());
    spec.behavior.scaleDown = fillRules(spec.behavior.scaleDown, scaleDownDefaults());
  }
}

export function defaultHPAv1(obj: Record<string, any>): void {
  def(child(obj, 'spec'), 'minReplicas', 1);
}
