// Preload (sandboxed): exposes the operations API as window.kubedeck through contextBridge.
// Only these functions cross into the page; no ipcRenderer, no Node.
import { contextBridge, ipcRenderer } from 'electron';
import type { Envelope, LogParams, WatchMessage } from '../../orchestrator/contract/index.js';
// Inlined by the bundler: the sandboxed preload still requires nothing but 'electron'.
import { CH } from '../channels.js';

let next = 0;
const watchers = new Map<string, (m: WatchMessage) => void>();
const logReaders = new Map<string, { onText(t: string): void; onEnd(e?: string): void }>();
ipcRenderer.on(CH.watchEvent, (_e, m: WatchMessage) => watchers.get(m.id)?.(m));
ipcRenderer.on(CH.logsEvent, (_e, m: { id: string; text?: string; end?: boolean; error?: string }) => {
  const r = logReaders.get(m.id);
  if (!r) return;
  if (m.text) r.onText(m.text);
  if (m.end) {
    logReaders.delete(m.id);
    r.onEnd(m.error);
  }
});

export const api = {
  /** Resolves to the `{result} | {error}` envelope main answers with; the page's bridge unwraps it. */
  call: (name: string, params: unknown): Promise<Envelope<unknown>> =>
    ipcRenderer.invoke(CH.op, name, params) as Promise<Envelope<unknown>>,
  watch(kind: string, namespace: string | undefined, onMessage: (m: WatchMessage) => void): () => void {
    const id = `w${++next}`;
    watchers.set(id, onMessage);
    ipcRenderer.send(CH.watch, id, kind, namespace);
    return () => {
      watchers.delete(id);
      ipcRenderer.send(CH.unwatch, id);
    };
  },
  logs(params: LogParams, onText: (t: string) => void, onEnd: (e?: string) => void): () => void {
    const id = `l${++next}`;
    logReaders.set(id, { onText, onEnd });
    ipcRenderer.send(CH.logs, id, params);
    return () => {
      logReaders.delete(id);
      ipcRenderer.send(CH.logsStop, id);
    };
  },
};

// Only the app's own page gets the IPC API; an attached dashboard talks HTTP to its cluster.
const page = (globalThis as { location?: { protocol?: string } }).location;
if (page?.protocol === 'kubedeck:') contextBridge.exposeInMainWorld('kubedeck', api);
