// core/v1 ReplicationController and PodTemplate, certificates.k8s.io/v1 CertificateSigningRequest
// defaults (pkg/apis/core/v1/defaults.go, pkg/apis/certificates/v1/defaults.go).
import { defaultPodTemplate } from './pod.js';
import { child, def, defStr, each, isObj } from './util.js';

const nonEmpty = (m: unknown): m is Record<string, string> => isObj(m) && Object.keys(m).length > 0;

/** Selector and object labels fall back to the template's labels; replicas to 1. */
export function defaultReplicationController(obj: Record<string, any>): void {
  const spec = child(obj, 'spec');
  const labels = isObj(spec.template) ? spec.template.metadata?.labels : undefined;
  if (isObj(labels)) {
    if (!nonEmpty(spec.selector)) spec.selector = { ...labels };
    const meta = child(obj, 'metadata');
    if (!nonEmpty(meta.labels)) meta.labels = { ...labels };
  }
  def(spec, 'replicas', 1);
  if (isObj(spec.template)) defaultPodTemplate(spec.template);
}

export function defaultPodTemplateObject(obj: Record<string, any>): void {
  if (isObj(obj.template)) defaultPodTemplate(obj.template);
}

/** A condition without a status means "True" (SetDefaults_CertificateSigningRequestCondition). */
export function defaultCertificateSigningRequest(obj: Record<string, any>): void {
  if (isObj(obj.status)) each(obj.status.conditions, (c) => defStr(c, 'status', 'True'));
}
