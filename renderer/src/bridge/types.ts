// The one interface the UI talks to; Electron IPC and HTTP+WebSocket implement it.
import type {
  Envelope,
  LogParams,
  OpError,
  OpErrorCause,
  OperationName,
  OpParams,
  OpReturn,
  UiKind,
  WatchMessage,
} from '@kubedeck/contract';
import { describeOpError, isEnvelope, isErrorEnvelope } from '@kubedeck/contract';

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
  call(name: string, params: unknown): Promise<Envelope<unknown>>;
  watch(kind: string, namespace: string | undefined, onMessage: (m: WatchMessage) => void): () => void;
  logs(params: LogParams, onText: (text: string) => void, onEnd: (error?: string) => void): () => void;
}

/** A failed operation, with the server's Status fields (reason, code, field causes). */
export class BridgeError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly causes: OpErrorCause[];
  constructor(error: OpError) {
    super(describeOpError(error));
    this.name = error.reason || 'BridgeError';
    this.code = error.code;
    this.reason = error.reason;
    this.causes = error.causes ?? [];
  }
}

/** The result of an envelope, or its error thrown as a BridgeError. */
export function unwrap<T>(answer: unknown, fallback: OpError): T {
  if (isErrorEnvelope(answer)) throw new BridgeError(answer.error);
  if (isEnvelope<T>(answer)) return (answer as { result: T }).result;
  throw new BridgeError(fallback);
}
