// The web dashboard's bridge: operations over same-origin POSTs (the session cookie rides along),
// every watch over one WebSocket that reconnects and re-subscribes after a drop.
import {
  describeOpError,
  type OpError,
  type UiKind,
  type WatchMessage,
  type WatchRequest,
} from '@kubedeck/contract';
import { unwrap, type Bridge } from './types.js';

interface Sub {
  kind: UiKind;
  namespace?: string;
  onMessage: (m: WatchMessage) => void;
}

export function createWebBridge(base = ''): Bridge {
  const subs = new Map<string, Sub>();
  let socket: WebSocket | undefined;
  let open = false;
  let nextId = 0;
  let retry = 0;

  const request = (id: string, s: Sub): WatchRequest => ({
    op: 'watch',
    id,
    kind: s.kind,
    namespace: s.namespace,
  });
  const send = (msg: WatchRequest) => {
    if (open) socket!.send(JSON.stringify(msg));
  };
  const connect = () => {
    const url = new URL('/api/watch', base || location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(url);
    socket.onopen = () => {
      open = true;
      retry = 0;
      for (const [id, s] of subs) send(request(id, s));
    };
    socket.onmessage = (ev) => {
      const m = JSON.parse(String(ev.data)) as WatchMessage;
      subs.get(m.id)?.onMessage(m);
    };
    socket.onclose = () => {
      open = false;
      socket = undefined;
      if (subs.size) setTimeout(connect, Math.min(5000, 250 * 2 ** retry++));
    };
  };

  return {
    kind: 'web',
    async call(name, params) {
      const res = await fetch(`${base}/api/op/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(params ?? {}),
      });
      // The dashboard answers with the contract's `{result} | {error}` envelope.
      const body: unknown = await res.json().catch(() => undefined);
      return unwrap(body, {
        code: res.status,
        reason: res.ok ? 'InternalError' : res.statusText,
        message: res.ok ? `no answer from ${name}` : `${res.status} ${res.statusText}`,
      });
    },
    watch(kind, namespace, onMessage) {
      const id = `w${++nextId}`;
      const sub = { kind, namespace, onMessage };
      subs.set(id, sub);
      if (!socket) connect();
      else send(request(id, sub));
      return () => {
        subs.delete(id);
        send({ op: 'unwatch', id });
      };
    },
    logs(params, onText, onEnd) {
      const ctl = new AbortController();
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
      void (async () => {
        try {
          const res = await fetch(`${base}/api/logs?${q}`, { signal: ctl.signal });
          if (!res.ok) {
            const body = (await res.json().catch(() => undefined)) as { error?: OpError } | undefined;
            return onEnd(body?.error ? describeOpError(body.error) : res.statusText);
          }
          const reader = res.body!.getReader();
          const dec = new TextDecoder();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            onText(dec.decode(value, { stream: true }));
          }
          onEnd();
        } catch (e) {
          if (!ctl.signal.aborted) onEnd((e as Error).message);
        }
      })();
      return () => ctl.abort();
    },
  };
}
