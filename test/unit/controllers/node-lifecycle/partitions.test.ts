import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Socket } from 'node:net';
import { BlockedUsers } from '../../../../orchestrator/apiserver/blocked-users.js';
import {
  followPartitions,
  partitionsFile,
  readPartitions,
  writePartitions,
} from '../../../../orchestrator/cluster/node-partitions.js';
import { clusterPaths } from '../../../../orchestrator/config/paths.js';
import { formatNodeRows } from '../../../../orchestrator/cluster/node-ops.js';
import { resolveSettings } from '../../../../orchestrator/config/settings.js';

class FakeSocket extends EventEmitter {
  destroyed = false;
  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

describe('simulated partitions', () => {
  const home = mkdtempSync(path.join(tmpdir(), 'kubedeck-part-'));
  afterEach(() => vi.useRealTimers());

  it('persists partitioned nodes and tolerates a broken file', () => {
    const paths = clusterPaths('p1', home);
    expect(readPartitions(paths)).toEqual([]);
    writePartitions({ ...paths, dir: home }, ['b', 'a', 'b']);
    expect(readPartitions({ ...paths, dir: home })).toEqual(['a', 'b']);
    writeFileSync(partitionsFile({ ...paths, dir: home }), '{not json');
    expect(readPartitions({ ...paths, dir: home })).toEqual([]);
  });

  it('keeps the blocked user set in step with the file', () => {
    vi.useFakeTimers();
    const paths = { ...clusterPaths('p2', home), dir: mkdtempSync(path.join(home, 'd')) };
    writePartitions(paths, ['w2']);
    const users = new Set<string>();
    const f = followPartitions(paths, users, 100);
    expect([...users]).toEqual(['system:node:w2']);
    writePartitions(paths, []);
    vi.advanceTimersByTime(150);
    expect([...users]).toEqual([]);
    f.stop();
  });

  it('drops requests of blocked users and sweeps their open connections', () => {
    vi.useFakeTimers();
    const blocked = new Set<string>();
    const b = new BlockedUsers(blocked, 100);
    const watch = new FakeSocket();
    const other = new FakeSocket();
    expect(b.drop(watch as unknown as Socket, 'system:node:w2')).toBe(false);
    expect(b.drop(other as unknown as Socket, 'admin')).toBe(false);
    blocked.add('system:node:w2');
    vi.advanceTimersByTime(150);
    expect(watch.destroyed).toBe(true);
    expect(other.destroyed).toBe(false);
    const next = new FakeSocket();
    expect(b.drop(next as unknown as Socket, 'system:node:w2')).toBe(true);
    expect(next.destroyed).toBe(true);
    b.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('gives agents a heartbeat a quarter of a shortened grace period, none by default', () => {
    expect(resolveSettings({}, 2).nodeHeartbeat).toBeUndefined();
    expect(resolveSettings({ nodeMonitorGracePeriod: '4s' }, 2).nodeHeartbeat).toBe(1000);
  });

  it('formats the node table', () => {
    const out = formatNodeRows([
      {
        name: 'kubedeck-control-plane',
        role: 'control-plane',
        container: 'in-app (running)',
        ready: 'Ready',
        partitioned: false,
      },
      { name: 'kubedeck-worker2', role: 'worker', container: 'running', ready: 'Unknown', partitioned: true },
    ]);
    expect(out.split('\n')[0]).toMatch(/^NAME\s+ROLE\s+CONTAINER\s+STATUS\s+PARTITIONED$/);
    expect(out).toMatch(/^kubedeck-worker2\s+worker\s+running\s+Unknown\s+yes$/m);
  });
});
