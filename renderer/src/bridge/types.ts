// The one interface the UI talks to; Electron IPC and HTTP+WebSocket implement it.
import type {
  LogParams,
  OperationName,
  OpParams,
  OpReturn,
  UiKind,
  WatchMessage,
} from '../../../orchestrator/operations/contract.js';

export interface Bridge {
  readonly kind: 'web' | 'electron';
  call<K extends OperationName>(name: K, params: OpParams<K>): Promise<OpReturn<K>>;
  /** Starts a watch; the callback gets a snapshot, then batched changes. Returns the stop function. */
  watch(kind: UiKind, namespace: string | undefined, onMessage: (m: WatchMessage) => void): () => void;
  /** Streams a container's log text; returns the stop function. */
  logs(params: LogParams, onText: (text: string) => void, onEnd: (error?: string) => void): () => void;
}

/** What the Electron preload exposes as window.kubedeck (contextBridge copies plain values). */
export interface PreloadApi {
  call(name: string, params: unknown): Promise<unknown>;
  watch(kind: string, namespace: string | undefined, onMessage: (m: WatchMessage) => void): () => void;
  logs(params: LogParams, onText: (text: string) => void, onEnd: (error?: string) => void): () => void;
}

/** A failed operation, with the server's Status fields. */
export class BridgeError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly reason: string,
  ) {
    super(message);
  }
}
