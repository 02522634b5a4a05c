import { describe, expect, it } from 'vitest';
import {
  buildContainerSpec,
  buildEnv,
  ContainerConfigError,
  dockerResources,
  etcHosts,
  expand,
  milliCpuToShares,
  resolvConf,
} from '../../../orchestrator/node/kubelet/container-spec.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const sources = {
  getConfigMap(ns: string, name: string) {
    return Promise.resolve(
      name === 'cfg'
        ? { metadata: { name, namespace: ns }, data: { MODE: 'fast', 'bad key': 'x' } }
        : undefined,
    );
  },
  getSecret(ns: string, name: string) {
    return Promise.resolve(
      name === 'sec' ? { metadata: { name, namespace: ns }, data: { PASSWORD: b64('hunter2') } } : undefined,
    );
  },
};
const pod = {
  metadata: { name: 'p', namespace: 'ns1', uid: 'u1', labels: { app: 'web' } },
  spec: { nodeName: 'n1', serviceAccountName: 'default', containers: [] },
};

describe('expand', () => {
  const m = (n: string) => ({ A: 'x', B: 'y' })[n];
  it('follows upstream rules', () => {
    expect(expand('$(A)-$(B)', m)).toBe('x-y');
    expect(expand('$(MISSING)', m)).toBe('$(MISSING)');
    expect(expand('$$(A)', m)).toBe('$(A)');
    expect(expand('$$', m)).toBe('$');
    expect(expand('$(A', m)).toBe('$(A');
    expect(expand('a$b', m)).toBe('a$b');
    expect(expand('end$', m)).toBe('end$');
  });
});

describe('buildEnv', () => {
  it('resolves valueFrom, envFrom with prefix, and expands in order', async () => {
    const c = {
      name: 'app',
      resources: { limits: { memory: '128Mi' } },
      envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }, { secretRef: { name: 'sec' } }],
      env: [
        { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
        { name: 'URL', value: 'http://$(POD).$(NS):$(PORT)' },
        { name: 'PORT', value: '80' },
        { name: 'OPT', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k', optional: true } } },
      ],
    };
    const env = new Map(await buildEnv(pod, c, { sources, podIP: '10.0.0.7' }));
    expect(env.get('CFG_MODE')).toBe('fast');
    expect(env.has('CFG_bad key')).toBe(false);
    expect(env.get('PASSWORD')).toBe('hunter2');
    expect(env.get('POD')).toBe('p');
    expect(env.get('APP')).toBe('web');
    expect(env.get('IP')).toBe('10.0.0.7');
    expect(env.get('MEM')).toBe('128');
    expect(env.get('URL')).toBe('http://p.ns1:$(PORT)'); // PORT is defined later
    expect(env.has('OPT')).toBe(false);
  });

  it('missing non-optional keys are config errors with upstream messages', async () => {
    await expect(
      buildEnv(
        pod,
        { env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'nokey' } } }] },
        { sources },
      ),
    ).rejects.toThrow(new ContainerConfigError("couldn't find key nokey in ConfigMap ns1/cfg"));
    await expect(
      buildEnv(
        pod,
        { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'gone', key: 'k' } } }] },
        { sources },
      ),
    ).rejects.toThrow('secret "gone" not found');
  });
});

describe('container spec', () => {
  it('maps command/args, resources, network and user', () => {
    const c = {
      name: 'app',
      image: 'app:v1',
      command: ['/bin/sh', '-c'],
      args: ['echo $(GREETING) $$(HOME)'],
      workingDir: '/w',
      resources: { requests: { cpu: '250m' }, limits: { cpu: '1', memory: '64Mi' } },
      securityContext: { runAsUser: 1000, privileged: true },
    };
    const s = buildContainerSpec(pod, c, {
      name: 'k8s_app',
      labels: { a: 'b' },
      sandboxId: 'sb',
      env: [['GREETING', 'hi']],
      binds: ['/h:/c:ro'],
    });
    expect(s.entrypoint).toEqual(['/bin/sh', '-c']);
    expect(s.cmd).toEqual(['echo hi $(HOME)']);
    expect(s.env).toEqual(['GREETING=hi']);
    expect(s.networkMode).toBe('container:sb');
    expect(s.memoryBytes).toBe(64 * 1024 * 1024);
    expect(s.nanoCpus).toBe(1e9);
    expect(s.cpuShares).toBe(256);
    expect(s.user).toBe('1000');
    expect(s.privileged).toBe(true);
    expect(s.workingDir).toBe('/w');
    expect(s.restartPolicy).toBe('no');
  });

  it('cpu shares like upstream', () => {
    expect(milliCpuToShares(0)).toBe(2);
    expect(milliCpuToShares(1)).toBe(2);
    expect(milliCpuToShares(1000)).toBe(1024);
    expect(milliCpuToShares(1e9)).toBe(262144);
    expect(dockerResources({}).cpuShares).toBe(2);
  });

  it('resolv.conf for ClusterFirst and /etc/hosts', () => {
    const rc = resolvConf(pod, {
      clusterDNS: ['10.96.0.10'],
      clusterDomain: 'cluster.local',
      hostResolvConf: 'nameserver 8.8.8.8\nsearch corp.example\n',
    });
    expect(rc).toBe(
      'search ns1.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
    const def = resolvConf(
      { ...pod, spec: { dnsPolicy: 'Default' } },
      { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', hostResolvConf: 'nameserver 8.8.8.8\n' },
    );
    expect(def).toBe('nameserver 8.8.8.8\n');
    const hosts = etcHosts(pod, '10.0.0.7', 'cluster.local');
    expect(hosts).toContain('# Kubernetes-managed hosts file.');
    expect(hosts.trim().split('\n').at(-1)).toBe('10.0.0.7\tp');
  });
});
