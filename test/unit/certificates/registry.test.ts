// CertificateSigningRequest through the registry pipeline: requestor fields from the user,
// validation messages, the approval and status subresources, and the table row.
import { beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../orchestrator/storage/store.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { findResource } from '../../../orchestrator/api/resources.js';
import { StatusError } from '../../../orchestrator/api/errors.js';
import { toTable } from '../../../orchestrator/api/tables/index.js';
import type { KubeObject } from '../../../orchestrator/api/types.js';
import { csrObject, rsaCsr } from './helpers.js';

const CSR = findResource('certificates.k8s.io', 'v1', 'certificatesigningrequests')!;
const USER = {
  username: 'jane',
  uid: 'u-1',
  groups: ['dev', 'system:authenticated'],
  extra: { scope: ['a'] },
};

function invalidMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return `${e.code} ${e.message}`;
    throw e;
  }
  throw new Error('expected an error');
}

describe('CertificateSigningRequest registry', () => {
  let reg: Registry;
  const pem = rsaCsr('jane', ['dev']).pem;
  beforeEach(() => {
    reg = new Registry(Store.open(':memory:'));
    reg.bootstrap();
  });

  it('sets spec.username/uid/groups/extra from the user and ignores what the client sent', () => {
    const body = csrObject('c1', pem, { username: 'admin', groups: ['system:masters'] });
    const created = reg.create(CSR, '', { ...body, status: { certificate: 'eA==' } }, { user: USER });
    expect(created.spec).toMatchObject({
      username: 'jane',
      uid: 'u-1',
      groups: ['dev', 'system:authenticated'],
      extra: { scope: ['a'] },
    });
    expect(created.status).toBeUndefined();
    expect(created.metadata.namespace).toBeUndefined();
  });

  it('validates the request, usages, signerName and expirationSeconds like upstream', () => {
    const bad = csrObject('c2', 'not a csr', { usages: [], signerName: '', expirationSeconds: 60 });
    const msg = invalidMessage(() => reg.create(CSR, '', bad));
    expect(msg).toContain('422 CertificateSigningRequest.certificates.k8s.io "c2" is invalid');
    expect(msg).toContain('spec.request: Invalid value: []byte{0x6e, 0x6f');
    expect(msg).toContain('PEM block type must be CERTIFICATE REQUEST');
    expect(msg).toContain('spec.usages: Required value');
    expect(msg).toContain('spec.signerName: Required value');
    expect(msg).toContain(
      'spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 600 seconds (10 minutes)',
    );
    const odd = csrObject('c3', pem, {
      usages: ['client auth', 'flying', 'client auth'],
      signerName: 'nodomain',
    });
    const m2 = invalidMessage(() => reg.create(CSR, '', odd));
    expect(m2).toContain('spec.usages[1]: Unsupported value: "flying"');
    expect(m2).toContain('spec.usages[2]: Duplicate value: "client auth"');
    expect(m2).toContain(
      'spec.signerName: Invalid value: "nodomain": must be a fully qualified domain and path of the form \'example.com/signer-name\'',
    );
  });

  it('approval writes only Approved/Denied conditions; the spec and certificate stay', () => {
    const c = reg.create(CSR, '', csrObject('c4', pem), { user: USER });
    const approved: KubeObject = {
      ...c,
      spec: { ...c.spec, username: 'mallory' },
      status: {
        certificate: 'eA==',
        conditions: [
          {
            type: 'Approved',
            status: 'True',
            reason: 'KubectlApprove',
            message: 'This CSR was approved by kubectl certificate approve.',
          },
          { type: 'Failed', status: 'True' },
        ],
      },
    };
    const out = reg.update(CSR, '', 'c4', approved, {}, 'approval');
    expect(out.spec.username).toBe('jane');
    expect(out.status.certificate).toBeUndefined();
    expect(out.status.conditions).toHaveLength(1);
    expect(out.status.conditions[0]).toMatchObject({
      type: 'Approved',
      status: 'True',
      reason: 'KubectlApprove',
    });
    expect(out.status.conditions[0].lastUpdateTime).toMatch(/Z$/);
    // The main resource cannot change status; /status cannot drop the approval.
    const viaMain = reg.update(CSR, '', 'c4', { ...out, status: {} });
    expect(viaMain.status.conditions[0].type).toBe('Approved');
    const viaStatus = reg.update(CSR, '', 'c4', { ...out, status: { conditions: [] } }, {}, 'status');
    expect(viaStatus.status.conditions.map((x: any) => x.type)).toEqual(['Approved']);
    // Denying an approved request is refused.
    const both = {
      ...out,
      status: { conditions: [...out.status.conditions, { type: 'Denied', status: 'True' }] },
    };
    expect(invalidMessage(() => reg.update(CSR, '', 'c4', both, {}, 'approval'))).toContain(
      'Approved and Denied conditions are mutually exclusive',
    );
  });

  it('prints NAME AGE SIGNERNAME REQUESTOR REQUESTEDDURATION CONDITION', () => {
    const c = reg.create(CSR, '', csrObject('c5', pem, { expirationSeconds: 86400 }), { user: USER });
    const t = toTable(CSR, [c], { now: new Date(Date.parse(c.metadata.creationTimestamp!) + 5000) });
    expect(t.columnDefinitions.map((d) => d.name)).toEqual([
      'Name',
      'Age',
      'SignerName',
      'Requestor',
      'RequestedDuration',
      'Condition',
    ]);
    expect(t.rows[0].cells).toEqual([
      'c5',
      '5s',
      'kubernetes.io/kube-apiserver-client',
      'jane',
      '24h',
      'Pending',
    ]);
    const issued = {
      ...c,
      spec: { ...c.spec, expirationSeconds: undefined },
      status: { certificate: 'eA==', conditions: [{ type: 'Approved' }] },
    };
    expect(toTable(CSR, [issued]).rows[0].cells.slice(4)).toEqual(['<none>', 'Approved,Issued']);
    const denied = { ...c, status: { conditions: [{ type: 'Denied' }, { type: 'Failed' }] } };
    expect(toTable(CSR, [denied]).rows[0].cells[5]).toBe('Denied,Failed');
  });
});
