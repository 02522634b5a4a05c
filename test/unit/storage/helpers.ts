// Shared fixtures for the store tests: temp directories holding real SQLite files.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../../orchestrator/api/types.js';

export function tempDir(): { dir: string; file: (name?: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-store-'));
  return {
    dir,
    file: (name = 'state.db') => join(dir, name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function cm(name: string, namespace = 'default', data: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

export function node(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: {} };
}
