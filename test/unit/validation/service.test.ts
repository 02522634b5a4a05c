import { describe, expect, it } from 'vitest';
import { create, fields, info, lines, update } from './helpers.js';

const svcs = info('', 'v1', 'services');
const svc = (spec: Record<string, any>) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec,
});

describe('service validation', () => {
  it('accepts a defaulted ClusterIP service', () => {
    expect(create(svcs, svc({ selector: { app: 'web' }, ports: [{ port: 80 }] }))).toEqual([]);
  });

  it('ports are required unless headless or ExternalName', () => {
    expect(lines(create(svcs, svc({ selector: { app: 'web' } })))).toEqual(['spec.ports: Required value']);
    expect(create(svcs, svc({ clusterIP: 'None', selector: { app: 'web' } }))).toEqual([]);
    expect(create(svcs, svc({ type: 'ExternalName', externalName: 'example.com' }))).toEqual([]);
  });

  it('port range, names required and unique when several, protocol enum', () => {
    const errs = create(
      svcs,
      svc({ ports: [{ name: 'http', port: 0 }, { name: 'http', port: 81, protocol: 'HTTP' }, { port: 82 }] }),
    );
    expect(lines(errs)).toEqual([
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[1].name: Duplicate value: "http"',
      'spec.ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'spec.ports[2].name: Required value',
    ]);
  });

  it('type enum and nodePort rules', () => {
    expect(lines(create(svcs, svc({ type: 'Magic', ports: [{ port: 80 }] })))).toContain(
      'spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
    expect(lines(create(svcs, svc({ ports: [{ port: 80, nodePort: 30080 }] })))).toEqual([
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]);
    expect(lines(create(svcs, svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] })))).toEqual([
      'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    ]);
    expect(create(svcs, svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }))).toEqual([]);
  });

  it('duplicate port/protocol pairs', () => {
    expect(
      fields(
        create(
          svcs,
          svc({
            ports: [
              { name: 'a', port: 80 },
              { name: 'b', port: 80 },
            ],
          }),
        ),
      ),
    ).toEqual(['FieldValueDuplicate spec.ports[1]']);
  });

  it('selector labels are validated at spec.selector', () => {
    expect(fields(create(svcs, svc({ selector: { 'bad key!': 'x' }, ports: [{ port: 80 }] })))).toEqual([
      'FieldValueInvalid spec.selector',
    ]);
  });

  it('externalTrafficPolicy only for NodePort/LoadBalancer', () => {
    expect(lines(create(svcs, svc({ externalTrafficPolicy: 'Local', ports: [{ port: 80 }] })))).toEqual([
      "spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set when `type` is 'NodePort' or 'LoadBalancer'",
    ]);
  });

  it('clusterIP may not change once set', () => {
    const old = svc({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 80 }] });
    const next = svc({ clusterIP: '10.96.0.11', clusterIPs: ['10.96.0.11'], ports: [{ port: 80 }] });
    expect(lines(update(svcs, next, old))).toEqual([
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set',
    ]);
    expect(update(svcs, svc({ clusterIP: '10.96.0.10', ports: [{ port: 8080 }] }), old)).toEqual([]);
  });

  it('rejects a malformed clusterIP', () => {
    expect(fields(create(svcs, svc({ clusterIP: '10.0.0.300', ports: [{ port: 80 }] })))).toContain(
      'FieldValueInvalid spec.clusterIP',
    );
  });
});
