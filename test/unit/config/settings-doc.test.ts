import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC_PATH, renderSettingsDoc } from '../../../scripts/settings-doc.js';

describe('docs/settings.md', () => {
  it('matches the settings table (else: node --import tsx scripts/settings-doc.ts)', () => {
    const doc = readFileSync(DOC_PATH, 'utf8');
    expect(
      renderSettingsDoc(doc),
      'docs/settings.md is stale: run node --import tsx scripts/settings-doc.ts',
    ).toBe(doc);
  });

  it('lists every row, and refuses a doc that lost its markers', () => {
    const doc = readFileSync(DOC_PATH, 'utf8');
    for (const key of ['nodeCapacity.pods', 'horizontalPodAutoscaler.tolerance', 'storeSync'])
      expect(doc).toContain(`\`${key}\``);
    expect(doc).toContain('| `KUBEDECK_METRICS_RESOLUTION` | `15s`');
    expect(() => renderSettingsDoc('# no markers\n')).toThrow(/markers/);
  });
});
