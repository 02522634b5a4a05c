// The desktop bridge: the preload's window.kubedeck, which forwards to Electron's main process.
import { unwrap, type Bridge, type PreloadApi } from './types.js';

export function createElectronBridge(api: PreloadApi): Bridge {
  return {
    kind: 'electron',
    // Main answers with the contract's `{result} | {error}` envelope (it never throws across IPC).
    async call(name, params) {
      const answer = await api.call(name, params);
      return unwrap(answer, { code: 500, reason: 'InternalError', message: `no answer from ${name}` });
    },
    watch: (kind, namespace, onMessage) => api.watch(kind, namespace, onMessage),
    logs: (params, onText, onEnd) => api.logs(params, onText, onEnd),
  };
}
