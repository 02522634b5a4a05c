// Registers the operations API on ipcMain. Every message is checked to come from our own page
// (the sender frame's origin), so a frame that navigated elsewhere can never drive the cluster.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Envelope, LogParams, UiKind } from '../orchestrator/contract/index.js';
import type { Operations } from '../orchestrator/operations/operations.js';
import { refusal, runOperation, toOpError } from '../orchestrator/dashboard/envelope.js';
import { CH } from './channels.js';
import { isTrustedUrl } from './security.js';

export function registerIpc(ipc: IpcMain, ops: Operations, origins: string[]): { dispose(): void } {
  const trusted = (e: IpcMainInvokeEvent) => !!e.senderFrame && isTrustedUrl(e.senderFrame.url, origins);
  const streams = new Map<string, { stop(): void }>(); // `${webContents.id}/${id}`
  const track = (sender: WebContents, key: string, s: { stop(): void }) => {
    streams.set(key, s);
    sender.once('destroyed', () => {
      streams.get(key)?.stop();
      streams.delete(key);
    });
  };

  // Answers with the contract's envelope instead of throwing: a thrown Error would reach the page
  // as its message only, and the Status reason, code and field causes would be lost.
  ipc.handle(CH.op, (e, name: unknown, params: unknown): Promise<Envelope<unknown>> | Envelope<unknown> =>
    trusted(e) ? runOperation(ops, name, params) : refusal(403, 'Forbidden', 'untrusted sender'),
  );

  ipc.on(CH.watch, (e, id: string, kind: UiKind, namespace?: string) => {
    if (!trusted(e) || typeof id !== 'string') return;
    const key = `${e.sender.id}/${id}`;
    streams.get(key)?.stop();
    try {
      track(
        e.sender,
        key,
        ops.watch(id, kind, namespace, (m) => !e.sender.isDestroyed() && e.sender.send(CH.watchEvent, m)),
      );
    } catch (err) {
      e.sender.send(CH.watchEvent, { id, type: 'error', message: toOpError(err).message });
    }
  });

  ipc.on(CH.unwatch, (e, id: string) => {
    if (!trusted(e)) return;
    const key = `${e.sender.id}/${id}`;
    streams.get(key)?.stop();
    streams.delete(key);
  });

  ipc.on(CH.logs, (e, id: string, params: LogParams) => {
    if (!trusted(e) || typeof id !== 'string') return;
    const key = `${e.sender.id}/log-${id}`;
    const send = (msg: { text?: string; end?: boolean; error?: string }) =>
      !e.sender.isDestroyed() && e.sender.send(CH.logsEvent, { id, ...msg });
    ops.logs(params).then(
      (stream) => {
        track(e.sender, key, { stop: () => (stream as any).destroy?.() });
        stream.on('data', (c: Buffer | string) => send({ text: String(c) }));
        stream.on('end', () => send({ end: true }));
        stream.on('error', (err: Error) => send({ end: true, error: err.message }));
      },
      (err: unknown) => send({ end: true, error: toOpError(err).message }),
    );
  });

  ipc.on(CH.logsStop, (e, id: string) => {
    if (!trusted(e)) return;
    const key = `${e.sender.id}/log-${id}`;
    streams.get(key)?.stop();
    streams.delete(key);
  });

  return {
    dispose() {
      ipc.removeHandler(CH.op);
      for (const s of streams.values()) s.stop();
      streams.clear();
    },
  };
}
