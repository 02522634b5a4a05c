// Where a Service answers from this machine: a LoadBalancer at its ingress host and port once
// assigned, a NodePort (or a LoadBalancer still pending) at localhost:<nodePort>. Only TCP ports.
import type { KObject } from '@kubedeck/contract';

export function serviceUrls(svc: KObject): string[] {
  const type = svc.spec?.type;
  const ports: any[] = (svc.spec?.ports ?? []).filter((p: any) => (p.protocol ?? 'TCP') === 'TCP');
  const ingress = svc.status?.loadBalancer?.ingress?.[0];
  if (type === 'LoadBalancer' && ingress) {
    const host = ingress.hostname ?? ingress.ip;
    return ports.map((p) => `http://${host}:${p.port}`);
  }
  if (type === 'NodePort' || type === 'LoadBalancer')
    return ports.filter((p) => p.nodePort).map((p) => `http://localhost:${p.nodePort}`);
  return [];
}

/** "localhost:30080": a service URL as a link's text. */
export function urlLabel(url: string): string {
  return url.replace(/^https?:\/\//, '');
}
