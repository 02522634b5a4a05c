// Issue 13 item 9 with the real kubectl 1.27 and 1.33 against a cluster with one real worker:
// ReplicationController (pods on Docker, get/wide columns, scale rc, cascade delete, get all),
// PodTemplate, and the course's CSR flow (openssl genrsa + req → create CSR → certificate
// approve → the issued certificate authenticates kubectl), plus discovery of the new kinds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { SKIP_DOCKER } from '../support/docker.js';
import type { TestImages } from '../fixtures/images/build.js';
import { startWithWorkers } from '../support/workers.js';
import { TestCluster, eventually } from '../support/cluster.js';

const VERSIONS = ['1.27', '1.33'];

describe.skipIf(SKIP_DOCKER)('ReplicationController, PodTemplate and CSRs with real kubectl', () => {
  const name = `lk-${randomBytes(3).toString('hex')}`;
  const cluster = new TestCluster(name);
  let images: TestImages;
  const k = (v: string, args: string[], input?: string) =>
    cluster.kubectl(v, args, { input, timeoutMs: 60_000 });

  beforeAll(async () => {
    images = await startWithWorkers(cluster);
  }, 240_000);
  afterAll(async () => {
    await cluster.destroy();
  }, 120_000);

  it('discovery (aggregated and plain) lists the new kinds', async () => {
    for (const v of VERSIONS) {
      const res = await k(v, ['api-resources']);
      expect(res.code, res.stderr).toBe(0);
      const row = (n: string) => res.stdout.split('\n').find((l) => l.split(/\s+/)[0] === n) ?? '';
      expect(row('replicationcontrollers')).toMatch(
        /^replicationcontrollers\s+rc\s+v1\s+true\s+ReplicationController$/,
      );
      expect(row('podtemplates')).toMatch(/^podtemplates\s+v1\s+true\s+PodTemplate$/);
      expect(row('certificatesigningrequests')).toMatch(
        /^certificatesigningrequests\s+csr\s+certificates\.k8s\.io\/v1\s+false\s+CertificateSigningRequest$/,
      );
    }
    const core = JSON.parse((await k('1.33', ['get', '--raw', '/api/v1'])).stdout);
    const rc = core.resources.find((r: any) => r.name === 'replicationcontrollers');
    expect(rc).toMatchObject({ kind: 'ReplicationController', shortNames: ['rc'], categories: ['all'] });
    expect(core.resources.map((r: any) => r.name)).toEqual(
      expect.arrayContaining([
        'replicationcontrollers/scale',
        'replicationcontrollers/status',
        'podtemplates',
      ]),
    );
    const certs = JSON.parse((await k('1.33', ['get', '--raw', '/apis/certificates.k8s.io/v1'])).stdout);
    expect(certs.resources.map((r: any) => r.name).sort()).toEqual([
      'certificatesigningrequests',
      'certificatesigningrequests/approval',
      'certificatesigningrequests/status',
    ]);
  });

  describe.each(VERSIONS)('kubectl %s', (v) => {
    const tag = v.replace('.', '');
    const rc = `web${tag}`;

    it('replicationcontroller: pods on the worker, columns, scale rc, get all, cascade delete', async () => {
      const manifest = `apiVersion: v1
kind: ReplicationController
metadata: {name: ${rc}}
spec:
  replicas: 2
  template:
    metadata: {labels: {app: ${rc}}}
    spec:
      terminationGracePeriodSeconds: 2
      containers:
      - name: main
        image: ${images.busybox}
        command: ["sleep", "3600"]
`;
      const a = await k(v, ['apply', '-f', '-'], manifest);
      expect(a.code, a.stderr).toBe(0);
      expect(a.stdout.trim()).toBe(`replicationcontroller/${rc} created`);

      const get = await eventually(
        async () => {
          const r = await k(v, ['get', 'rc', rc]);
          return new RegExp(`^${rc}\\s+2\\s+2\\s+2\\s+\\d+s$`, 'm').test(r.stdout) ? r : undefined;
        },
        `rc ${rc} 2/2 ready`,
        90_000,
        500,
      );
      expect(get!.stdout.split('\n')[0]).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE$/);
      const wide = await k(v, ['get', 'rc', rc, '-o', 'wide']);
      expect(wide.stdout.split('\n')[0]).toMatch(
        /^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/,
      );
      expect(wide.stdout).toMatch(
        new RegExp(`^${rc}\\s+2\\s+2\\s+2\\s+\\S+\\s+main\\s+\\S+\\s+app=${rc}$`, 'm'),
      );

      const obj = JSON.parse((await k(v, ['get', 'rc', rc, '-o', 'json'])).stdout);
      expect(obj.spec.selector).toEqual({ app: rc });
      expect(obj.metadata.labels).toEqual({ app: rc });
      const pods = JSON.parse((await k(v, ['get', 'pods', '-l', `app=${rc}`, '-o', 'json'])).stdout).items;
      expect(pods).toHaveLength(2);
      for (const p of pods) {
        expect(p.status.phase).toBe('Running');
        expect(p.spec.nodeName).toMatch(/worker/);
        expect(p.metadata.ownerReferences).toEqual([
          expect.objectContaining({
            apiVersion: 'v1',
            kind: 'ReplicationController',
            name: rc,
            uid: obj.metadata.uid,
            controller: true,
          }),
        ]);
      }

      const all = await k(v, ['get', 'all']);
      expect(all.code, all.stderr).toBe(0);
      expect(all.stdout).toMatch(new RegExp(`^replicationcontroller/${rc}\\s+2\\s+2\\s+2\\s+`, 'm'));

      const s = await k(v, ['scale', `rc/${rc}`, '--replicas=1']);
      expect(s.code, s.stderr).toBe(0);
      expect(s.stdout.trim()).toBe(`replicationcontroller/${rc} scaled`);
      await eventually(
        async () => {
          const r = await k(v, ['get', 'rc', rc]);
          return new RegExp(`^${rc}\\s+1\\s+1\\s+1\\s+`, 'm').test(r.stdout);
        },
        `rc ${rc} scaled to 1`,
        60_000,
        500,
      );

      const d = await k(v, ['delete', 'rc', rc, '--wait=true']);
      expect(d.code, d.stderr).toBe(0);
      await eventually(
        async () => {
          const r = await k(v, ['get', 'pods', '-l', `app=${rc}`, '-o', 'name']);
          return r.code === 0 && r.stdout.trim() === '';
        },
        `pods of ${rc} deleted by the garbage collector`,
        90_000,
        500,
      );
    }, 300_000);

    it('podtemplate: create and get with upstream columns', async () => {
      const manifest = `apiVersion: v1
kind: PodTemplate
metadata: {name: tpl${tag}}
template:
  metadata: {labels: {app: tpl, tier: x}}
  spec:
    containers:
    - {name: a, image: busybox}
    - {name: b, image: nginx}
`;
      const c = await k(v, ['create', '-f', '-'], manifest);
      expect(c.code, c.stderr).toBe(0);
      expect(c.stdout.trim()).toBe(`podtemplate/tpl${tag} created`);
      const g = await k(v, ['get', 'podtemplates']);
      expect(g.stdout.split('\n')[0]).toMatch(/^NAME\s+CONTAINERS\s+IMAGES\s+POD LABELS$/);
      expect(g.stdout).toMatch(new RegExp(`^tpl${tag}\\s+a,b\\s+busybox,nginx\\s+app=tpl,tier=x$`, 'm'));
      const y = JSON.parse((await k(v, ['get', 'podtemplate', `tpl${tag}`, '-o', 'json'])).stdout);
      expect(y.template.spec.restartPolicy).toBe('Always');
      expect((await k(v, ['delete', 'podtemplate', `tpl${tag}`])).code).toBe(0);
    });

    it('CSR: openssl request, certificate approve/deny, the issued certificate authenticates', async () => {
      const dir = cluster.home;
      const user = `jane${tag}`;
      const key = path.join(dir, `${user}.key`);
      const csrFile = path.join(dir, `${user}.csr`);
      const crt = path.join(dir, `${user}.crt`);
      execFileSync('openssl', ['genrsa', '-out', key, '2048'], { stdio: 'ignore' });
      execFileSync('openssl', ['req', '-new', '-key', key, '-out', csrFile, '-subj', `/CN=${user}/O=dev`], {
        stdio: 'ignore',
      });
      const request = readFileSync(csrFile).toString('base64');
      const csr = (n: string) => `apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata: {name: ${n}}
spec:
  request: ${request}
  signerName: kubernetes.io/kube-apiserver-client
  expirationSeconds: 86400
  usages: ["client auth"]
`;
      const c = await k(v, ['create', '-f', '-'], csr(user));
      expect(c.code, c.stderr).toBe(0);
      const pending = await k(v, ['get', 'csr', user]);
      expect(pending.stdout.split('\n')[0]).toMatch(
        /^NAME\s+AGE\s+SIGNERNAME\s+REQUESTOR\s+REQUESTEDDURATION\s+CONDITION$/,
      );
      expect(pending.stdout).toMatch(
        new RegExp(
          `^${user}\\s+\\d+s\\s+kubernetes.io/kube-apiserver-client\\s+kubernetes-admin\\s+24h\\s+Pending$`,
          'm',
        ),
      );

      const ap = await k(v, ['certificate', 'approve', user]);
      expect(ap.code, ap.stderr).toBe(0);
      expect(ap.stdout.trim()).toBe(`certificatesigningrequest.certificates.k8s.io/${user} approved`);
      const b64 = await eventually(
        async () => {
          const r = await k(v, ['get', 'csr', user, '-o', 'jsonpath={.status.certificate}']);
          return r.stdout.trim();
        },
        'certificate issued',
        30_000,
        300,
      );
      writeFileSync(crt, Buffer.from(b64, 'base64'));
      expect((await k(v, ['get', 'csr', user])).stdout).toMatch(/\sApproved,Issued$/m);
      const subject = execFileSync('openssl', ['x509', '-in', crt, '-noout', '-subject'], {
        encoding: 'utf8',
      });
      expect(subject).toMatch(new RegExp(`CN\\s*=\\s*${user}`));

      const cred = await k(v, [
        'config',
        'set-credentials',
        user,
        `--client-certificate=${crt}`,
        `--client-key=${key}`,
        '--embed-certs=true',
      ]);
      expect(cred.code, cred.stderr).toBe(0);
      const ns = await k(v, ['get', 'ns', 'default', '--user', user]);
      expect(ns.code, ns.stderr).toBe(0);
      expect(ns.stdout).toMatch(/^default\s+Active/m);
      // The request is made as that user: a CSR it creates names it as the requestor.
      const own = await k(v, ['create', '-f', '-', '--user', user], csr(`${user}-own`));
      expect(own.code, own.stderr).toBe(0);
      const who = await k(v, ['get', 'csr', `${user}-own`, '-o', 'jsonpath={.spec.username} {.spec.groups}']);
      expect(who.stdout).toBe(`${user} ["dev","system:authenticated"]`);

      const deny = await k(v, ['certificate', 'deny', `${user}-own`]);
      expect(deny.code, deny.stderr).toBe(0);
      expect(deny.stdout.trim()).toBe(`certificatesigningrequest.certificates.k8s.io/${user}-own denied`);
      expect((await k(v, ['get', 'csr', `${user}-own`])).stdout).toMatch(/\sDenied$/m);
      expect((await k(v, ['get', 'csr', `${user}-own`, '-o', 'jsonpath={.status.certificate}'])).stdout).toBe(
        '',
      );

      // A certificate not signed by the cluster CA does not authenticate.
      const selfSigned = path.join(dir, `${user}-self.crt`);
      execFileSync(
        'openssl',
        ['req', '-x509', '-key', key, '-out', selfSigned, '-days', '1', '-subj', `/CN=${user}`],
        {
          stdio: 'ignore',
        },
      );
      await k(v, [
        'config',
        'set-credentials',
        `${user}-self`,
        `--client-certificate=${selfSigned}`,
        `--client-key=${key}`,
      ]);
      const bad = await k(v, ['get', 'ns', '--user', `${user}-self`]);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/Unauthorized|provide credentials|certificate/i);
    }, 120_000);
  });
});
