import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dashboardUrl } from '../../../orchestrator/cli/dashboard-command.js';
import { dashboardToken, newNonce } from '../../../orchestrator/dashboard/token.js';

describe('kubedeck dashboard', () => {
  it('says how to start a cluster that is not running', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'kd-dash-'));
    await expect(dashboardUrl('kubedeck', { KUBEDECK_HOME: home })).rejects.toThrow(
      "cluster 'kubedeck' is not running",
    );
    await expect(dashboardUrl('dev', { KUBEDECK_HOME: home })).rejects.toMatchObject({
      message: expect.stringContaining("'dev'"),
    });
  });

  it('derives a different token per launch and per cluster secret', () => {
    const n1 = newNonce();
    const n2 = newNonce();
    expect(dashboardToken('admin', n1)).toBe(dashboardToken('admin', n1));
    expect(dashboardToken('admin', n1)).not.toBe(dashboardToken('admin', n2));
    expect(dashboardToken('other', n1)).not.toBe(dashboardToken('admin', n1));
    expect(dashboardToken('admin', n1)).toMatch(/^[\w-]{43}$/);
  });
});
