// Wrong types are refused on every write path kubectl uses (issue 13 item 11), with real kubectl
// 1.27 and 1.33: create/apply/replace (typed decoding, 400), patches (422) and server-side apply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCluster } from '../support/cluster.js';

const VERSIONS = ['1.27', '1.33'];
const FIELD = 'Go struct field DeploymentSpec.spec.replicas of type int32';

const manifest = (name: string, replicas: string | number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {kubedeck-test: schema-types}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: app, image: kubedeck-test/busybox:latest}]
`;

describe.each(VERSIONS)('kubectl %s: replicas: three is refused on every write path', (v) => {
  const cluster = new TestCluster();
  const k = (args: string[], input?: string) => cluster.kubectl(v, args, { input });
  const out = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;

  beforeAll(async () => {
    await cluster.start();
  }, 120_000);
  afterAll(async () => {
    await k(['delete', 'deploy', '-l', 'kubedeck-test=schema-types']).catch(() => undefined);
    await cluster.destroy();
  });

  it('create --dry-run=server, create and client-side apply answer 400 naming the field', async () => {
    for (const args of [
      ['create', '--dry-run=server', '-f', '-'],
      ['create', '-f', '-'],
      ['apply', '-f', '-'],
      ['apply', '--dry-run=server', '-f', '-'],
    ]) {
      const r = await k(args, manifest('three', 'three'));
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toContain('Error from server (BadRequest)');
      expect(r.stderr).toContain(
        `Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into ${FIELD}`,
      );
    }
    const get = await k(['get', 'deploy', 'three']);
    expect(get.code).not.toBe(0);
    expect(get.stderr).toContain('NotFound');
  });

  it('apply --server-side (and its dry run) is refused as upstream field manager refuses it', async () => {
    for (const extra of [[], ['--dry-run=server']]) {
      const r = await k(['apply', '--server-side', ...extra, '-f', '-'], manifest('ssa', 'three'));
      expect(r.code, out(r)).not.toBe(0);
      expect(r.stderr).toContain(
        'failed to create typed patch object (default/ssa; apps/v1, Kind=Deployment): .spec.replicas: expected numeric (int or float), got string',
      );
    }
    expect((await k(['get', 'deploy', 'ssa'])).code).not.toBe(0);
  });

  it('replace and every patch type refuse it on an existing deployment, which keeps its replicas', async () => {
    const c = await k(['apply', '-f', '-'], manifest('web', 2));
    expect(c.code, out(c)).toBe(0);
    const replace = await k(['replace', '-f', '-'], manifest('web', 'three'));
    expect(replace.code).not.toBe(0);
    expect(replace.stderr).toContain(FIELD);
    const patches: [string, string, string][] = [
      ['merge', '{"spec":{"replicas":"three"}}', FIELD],
      ['json', '[{"op":"replace","path":"/spec/replicas","value":"three"}]', FIELD],
      ['strategic', '{"spec":{"replicas":"three"}}', 'unrecognized type: int32'],
    ];
    for (const [type, p, detail] of patches) {
      const r = await k(['patch', 'deploy', 'web', `--type=${type}`, '-p', p]);
      expect(r.code, type).not.toBe(0);
      expect(r.stderr, type).toContain('patch: Invalid value');
      expect(r.stderr, type).toContain(detail);
    }
    const applyAgain = await k(['apply', '-f', '-'], manifest('web', 'three'));
    expect(applyAgain.code).not.toBe(0);
    expect(applyAgain.stderr).toContain('unrecognized type: int32');
    const get = await k(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}']);
    expect(get.stdout).toBe('2');
  });
});
