// The csrsigning controller over a real registry: approved kube-apiserver-client requests get a
// certificate from the CA, bad usages get a Failed condition, pending and foreign ones are left.
import { X509Certificate } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../../../orchestrator/storage/store.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { findResource } from '../../../orchestrator/api/resources.js';
import { FakeClock } from '../../../orchestrator/client/clock.js';
import { CsrSigningController } from '../../../orchestrator/controllers/certificates/controller.js';
import { generateCa } from '../../../orchestrator/cluster/pki.js';
import { csrObject, rsaCsr } from './helpers.js';

const CSR = findResource('certificates.k8s.io', 'v1', 'certificatesigningrequests')!;
const CA = generateCa('signer-test');

describe('csrsigning controller', () => {
  let reg: Registry;
  let ctrl: CsrSigningController;
  const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
  beforeEach(() => {
    reg = new Registry(Store.open(':memory:'));
    reg.bootstrap();
    ctrl = new CsrSigningController(reg, { ca: CA, clock });
    ctrl.start();
  });
  afterEach(() => ctrl.stop());
  const waitFor = <T>(fn: () => T) => vi.waitFor(fn, { timeout: 3000, interval: 5 });
  const approve = (name: string) => {
    const cur = reg.get(CSR, '', name);
    reg.update(
      CSR,
      '',
      name,
      { ...cur, status: { conditions: [{ type: 'Approved', status: 'True', reason: 'Test' }] } },
      {},
      'approval',
    );
  };

  it('issues the certificate into status.certificate once approved, honouring expirationSeconds', async () => {
    reg.create(CSR, '', csrObject('jane', rsaCsr('jane', ['dev']).pem, { expirationSeconds: 3600 }), {
      user: { username: 'admin' },
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(reg.get(CSR, '', 'jane').status?.certificate).toBeUndefined();
    approve('jane');
    await waitFor(() => expect(reg.get(CSR, '', 'jane').status?.certificate).toBeTruthy());
    const pem = Buffer.from(reg.get(CSR, '', 'jane').status.certificate, 'base64').toString();
    const x = new X509Certificate(pem);
    expect(x.subject).toBe('CN=jane\nO=dev');
    expect(x.verify(new X509Certificate(CA.cert).publicKey)).toBe(true);
    expect(Date.parse(x.validTo)).toBe(clock.now() + 3600_000);
    expect(reg.get(CSR, '', 'jane').status.conditions.map((c: any) => c.type)).toEqual(['Approved']);
  });

  it('records Failed for usages a client certificate may not have', async () => {
    reg.create(CSR, '', csrObject('srv', rsaCsr('srv').pem, { usages: ['server auth'] }));
    approve('srv');
    await waitFor(() =>
      expect(reg.get(CSR, '', 'srv').status.conditions).toContainEqual(
        expect.objectContaining({ type: 'Failed', status: 'True', reason: 'SignerValidationFailure' }),
      ),
    );
    expect(reg.get(CSR, '', 'srv').status.certificate).toBeUndefined();
  });

  it('leaves other signers to someone else', async () => {
    reg.create(CSR, '', csrObject('other', rsaCsr('x').pem, { signerName: 'example.com/custom' }));
    approve('other');
    await new Promise((r) => setTimeout(r, 50));
    expect(reg.get(CSR, '', 'other').status.certificate).toBeUndefined();
  });
});
