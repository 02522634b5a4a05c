// The desktop bridge: the preload's window.kubedeck, which forwards to Electron's main process.
import type { OpError } from '../../../orchestrator/operations/contract.js';
import { BridgeError, type Bridge, type PreloadApi } from './types.js';

export function createElectronBridge(api: PreloadApi): Bridge {
  return {
    kind: 'electron',
    async call(name, params) {
      try {
        return (await api.call(name, params)) as never;
      } catch (e) {
        // ipcRenderer.invoke rejects with "Error invoking remote method …: <json>"; main sends OpError JSON.
        const text = (e as Error).message ?? String(e);
        const json = text.slice(text.indexOf('{'));
        try {
          const err = JSON.parse(json) as OpError;
          throw new BridgeError(err.message, err.code, err.reason);
        } catch (inner) {
          if (inner instanceof BridgeError) throw inner;
          throw new BridgeError(text, 500, 'InternalError');
        }
      }
    },
    watch: (kind, namespace, onMessage) => api.watch(kind, namespace, onMessage),
    logs: (params, onText, onEnd) => api.logs(params, onText, onEnd),
  };
}
