// The CSR signing controller for kubernetes.io/kube-apiserver-client: once a request is Approved
// it issues a client certificate with the cluster CA into status.certificate, or records a Failed
// condition when the request does not qualify. Other signers' requests are left alone.
import { parseCsrPem, requestPem } from '../../api/certificates/csr.js';
import { nowRfc3339 } from '../../api/registry/meta.js';
import type { Registry } from '../../api/registry/registry.js';
import { findResource } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { realClock, type Clock } from '../../client/clock.js';
import { objectKey } from '../../client/informer.js';
import { sharedInformer, type SharedIndexInformer } from '../../client/shared-informers.js';
import { WorkQueue } from '../../client/workqueue.js';
import { splitKey } from '../util/pod-util.js';
import { runWorker, type SyncResult } from '../util/worker.js';
import { issueCertificate } from './issue.js';
import { certificateDurationMs, clientUsagesError, wantsSigning } from './signer.js';

const CSRS = findResource('certificates.k8s.io', 'v1', 'certificatesigningrequests')!;
const FIELD_MANAGER = 'kube-controller-manager';

export interface CsrSigningOptions {
  ca: { cert: string; key: string };
  clock?: Clock;
  log?: (line: string) => void;
}

export class CsrSigningController {
  readonly informer: SharedIndexInformer;
  readonly queue: WorkQueue<string>;
  private readonly clock: Clock;
  private readonly log: (line: string) => void;

  constructor(
    private readonly registry: Registry,
    private readonly opts: CsrSigningOptions,
  ) {
    this.clock = opts.clock ?? realClock;
    this.log = opts.log ?? (() => {});
    this.queue = new WorkQueue({ clock: this.clock });
    this.informer = sharedInformer(registry, CSRS);
  }

  start(): void {
    this.informer.addHandlers({
      onAdd: (o) => this.queue.add(objectKey(o)),
      onUpdate: (_o, n) => this.queue.add(objectKey(n)),
    });
    this.informer.start();
    void runWorker(
      this.queue,
      (key) => this.sync(key),
      (key, err) => this.log(`csr signing ${key}: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  stop(): void {
    this.queue.shutdown();
    this.informer.stop();
  }

  sync(key: string): SyncResult {
    const { name } = splitKey(key);
    const csr = this.informer.get('', name);
    if (!csr || !wantsSigning(csr)) return;
    const usageErr = clientUsagesError(csr.spec?.usages);
    if (usageErr) return this.writeStatus(csr, { failure: usageErr });
    // Validation accepted the request, so it parses; a failure here is retried like upstream.
    const parsed = parseCsrPem(requestPem(csr.spec?.request));
    const pem = issueCertificate(parsed, {
      ca: this.opts.ca,
      usages: csr.spec?.usages ?? [],
      durationMs: certificateDurationMs(csr.spec?.expirationSeconds),
      now: new Date(this.clock.now()),
    });
    this.writeStatus(csr, { certificate: Buffer.from(pem).toString('base64') });
  }

  private writeStatus(csr: KubeObject, r: { certificate?: string; failure?: string }): void {
    const fresh = this.registry.tryGet(CSRS, '', csr.metadata.name!);
    if (!fresh || fresh.metadata.uid !== csr.metadata.uid || !wantsSigning(fresh)) return;
    const status = { ...(fresh.status ?? {}) };
    if (r.certificate) status.certificate = r.certificate;
    if (r.failure) {
      const now = nowRfc3339(new Date(this.clock.now()));
      status.conditions = [
        ...(status.conditions ?? []),
        {
          type: 'Failed',
          status: 'True',
          reason: 'SignerValidationFailure',
          message: r.failure,
          lastUpdateTime: now,
          lastTransitionTime: now,
        },
      ];
    }
    this.registry.update(
      CSRS,
      '',
      fresh.metadata.name!,
      { ...fresh, status },
      { fieldManager: FIELD_MANAGER },
      'status',
    );
  }
}
