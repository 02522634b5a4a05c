import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { UserError } from '../../../orchestrator/config/errors.js';
import {
  defaultKubeconfigPath,
  mergeKubeconfig,
  removeFromKubeconfig,
  standaloneKubeconfig,
  type KubeconfigEntry,
} from '../../../orchestrator/cluster/kubeconfig.js';
import { tempDir } from './helpers.js';

const EXISTING = `# my clusters, keep this comment
apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://prod.example.com
users:
- name: alice
  user:
    token: secret-alice
contexts:
- name: prod
  context:
    cluster: prod
    user: alice
    namespace: web
current-context: prod
preferences: {}
`;

const entry = (name: string, server = 'https://127.0.0.1:41234'): KubeconfigEntry => ({
  name,
  server,
  caPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  token: 'tok-' + name,
});

describe('kubeconfig', () => {
  let t: ReturnType<typeof tempDir>;
  let file: string;
  beforeEach(() => {
    t = tempDir();
    file = path.join(t.dir, '.kube', 'config');
  });
  afterEach(() => t.cleanup());

  it('creates the file (and its directory) with 0600 when missing', () => {
    mergeKubeconfig(file, entry('kubedeck'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const cfg = parse(readFileSync(file, 'utf8'));
    expect(cfg.apiVersion).toBe('v1');
    expect(cfg.kind).toBe('Config');
    expect(cfg['current-context']).toBe('kubedeck');
    expect(cfg.clusters).toEqual([
      {
        name: 'kubedeck',
        cluster: {
          server: 'https://127.0.0.1:41234',
          'certificate-authority-data': Buffer.from(entry('kubedeck').caPem).toString('base64'),
        },
      },
    ]);
    expect(cfg.users).toEqual([{ name: 'kubedeck', user: { token: 'tok-kubedeck' } }]);
    expect(cfg.contexts).toEqual([{ name: 'kubedeck', context: { cluster: 'kubedeck', user: 'kubedeck' } }]);
  });

  it('merges next to other contexts, keeps them and comments, switches current-context', () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, EXISTING);
    mergeKubeconfig(file, entry('kubedeck'));
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# my clusters, keep this comment');
    const cfg = parse(text);
    expect(cfg.clusters.map((c: { name: string }) => c.name)).toEqual(['prod', 'kubedeck']);
    expect(cfg.users.map((c: { name: string }) => c.name)).toEqual(['alice', 'kubedeck']);
    expect(cfg.contexts.find((c: { name: string }) => c.name === 'prod').context.namespace).toBe('web');
    expect(cfg['current-context']).toBe('kubedeck');
    expect(cfg.preferences).toEqual({});
  });

  it('replaces our entries on re-merge instead of duplicating them', () => {
    mergeKubeconfig(file, entry('kubedeck', 'https://127.0.0.1:1111'));
    mergeKubeconfig(file, entry('kubedeck', 'https://127.0.0.1:2222'));
    const cfg = parse(readFileSync(file, 'utf8'));
    expect(cfg.clusters).toHaveLength(1);
    expect(cfg.clusters[0].cluster.server).toBe('https://127.0.0.1:2222');
  });

  it('handles kubectl-style null lists', () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(
      file,
      'apiVersion: v1\nkind: Config\nclusters: null\nusers: null\ncontexts: null\ncurrent-context: ""\n',
    );
    mergeKubeconfig(file, entry('kubedeck-dev'));
    const cfg = parse(readFileSync(file, 'utf8'));
    expect(cfg.clusters[0].name).toBe('kubedeck-dev');
    expect(cfg.contexts[0].name).toBe('kubedeck-dev');
  });

  it('turns an empty flow list (`clusters: []`) into a block list when adding to it', () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(
      file,
      'apiVersion: v1\nkind: Config\nclusters: []\ncontexts:\n- name: other\n  context: {cluster: x, user: u}\n',
    );
    mergeKubeconfig(file, entry('kubedeck'));
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^clusters:\n\s*- name: kubedeck\n/m);
    expect(text).toContain('context: { cluster: x, user: u }');
    expect(parse(text).clusters[0].name).toBe('kubedeck');
  });

  it('removes only our entries and unsets current-context when it was ours', () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, EXISTING);
    mergeKubeconfig(file, entry('kubedeck'));
    mergeKubeconfig(file, entry('kubedeck-dev'), { setCurrent: false });
    expect(removeFromKubeconfig(file, 'kubedeck')).toBe(true);
    const cfg = parse(readFileSync(file, 'utf8'));
    expect(cfg.clusters.map((c: { name: string }) => c.name)).toEqual(['prod', 'kubedeck-dev']);
    expect(cfg.users.map((c: { name: string }) => c.name)).toEqual(['alice', 'kubedeck-dev']);
    expect(cfg.contexts.map((c: { name: string }) => c.name)).toEqual(['prod', 'kubedeck-dev']);
    expect(cfg['current-context']).toBeUndefined();
    expect(removeFromKubeconfig(file, 'kubedeck')).toBe(false);
  });

  it('keeps current-context when it points elsewhere', () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, EXISTING);
    mergeKubeconfig(file, entry('kubedeck'), { setCurrent: false });
    removeFromKubeconfig(file, 'kubedeck');
    expect(parse(readFileSync(file, 'utf8'))['current-context']).toBe('prod');
  });

  it('writes through a symlinked kubeconfig without replacing the link', () => {
    const real = path.join(t.dir, 'real-config');
    writeFileSync(real, EXISTING);
    mkdirSync(path.dirname(file), { recursive: true });
    symlinkSync(real, file);
    mergeKubeconfig(file, entry('kubedeck'));
    expect(parse(readFileSync(real, 'utf8'))['current-context']).toBe('kubedeck');
  });

  it('refuses to overwrite a file that is not valid YAML', () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'clusters: [unclosed\n');
    expect(() => mergeKubeconfig(file, entry('kubedeck'))).toThrow(UserError);
    expect(readFileSync(file, 'utf8')).toBe('clusters: [unclosed\n');
  });

  it('standalone kubeconfig holds exactly our cluster', () => {
    const cfg = parse(standaloneKubeconfig(entry('kubedeck')));
    expect(cfg['current-context']).toBe('kubedeck');
    expect(cfg.clusters).toHaveLength(1);
    expect(cfg.users[0].user.token).toBe('tok-kubedeck');
  });

  it('picks the first $KUBECONFIG path, else ~/.kube/config', () => {
    expect(defaultKubeconfigPath({ KUBECONFIG: `/a/one${path.delimiter}/b/two` })).toBe('/a/one');
    expect(defaultKubeconfigPath({ KUBECONFIG: `${path.delimiter}/b/two` })).toBe('/b/two');
    expect(defaultKubeconfigPath({})).toMatch(/\.kube[/\\]config$/);
    expect(existsSync(file)).toBe(false);
  });
});
