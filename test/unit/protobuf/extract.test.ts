import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs script without type declarations
import { scanDescriptors } from '../../../scripts/extract-proto-descriptors.mjs';
import { lookupType } from '../../../orchestrator/api/protobuf/descriptors.js';
import { kubectlBinary } from './kubectl-capture.js';

const bin = kubectlBinary(33);
if (!bin) console.log('skipping descriptor extraction test: kubectl.1.33 not found');

describe.skipIf(!bin)('extract-proto-descriptors', () => {
  it('finds the generated.proto descriptors in kubectl and they match resources/proto/k8s.json', () => {
    const found: Map<string, any> = scanDescriptors(fs.readFileSync(bin!));
    const apps = found.get('k8s.io/api/apps/v1/generated.proto');
    expect(apps.package).toBe('k8s.io.api.apps.v1');
    const spec = apps.messageType.find((m: any) => m.name === 'DeploymentSpec');
    const committed = lookupType('k8s.io.api.apps.v1.DeploymentSpec')!;
    for (const f of spec.field) expect(committed.fields[f.jsonName ?? f.name]?.id, f.name).toBe(f.number);
    expect(found.has('k8s.io/api/core/v1/generated.proto')).toBe(true);
  });
});
