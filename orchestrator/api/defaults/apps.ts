// apps/v1 Deployment and ReplicaSet defaults (pkg/apis/apps/v1/defaults.go).
import { defaultPodTemplate } from './pod.js';
import { child, def, defStr, isObj } from './util.js';

export function defaultDeployment(obj: Record<string, any>): void {
  const spec = child(obj, 'spec');
  def(spec, 'replicas', 1);
  const strategy = child(spec, 'strategy');
  defStr(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = child(strategy, 'rollingUpdate');
    def(ru, 'maxUnavailable', '25%');
    def(ru, 'maxSurge', '25%');
  }
  def(spec, 'revisionHistoryLimit', 10);
  def(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplate(spec.template);
}

export function defaultReplicaSet(obj: Record<string, any>): void {
  const spec = child(obj, 'spec');
  def(spec, 'replicas', 1);
  if (isObj(spec.template)) defaultPodTemplate(spec.template);
}
