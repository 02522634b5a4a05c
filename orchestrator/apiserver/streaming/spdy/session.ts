// Server side of a SPDY/3.1 connection as Kubernetes clients use it (moby/spdystream): the client
// opens every stream with SYN_STREAM and we answer SYN_REPLY at once; data flows both ways;
// DATA with FIN half-closes, RST_STREAM aborts. PINGs are echoed. No flow control is enforced
// (spdystream neither sends nor honours WINDOW_UPDATE).
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { FrameReader, FrameWriter, RST, type Frame, type Headers } from './frames.js';

/** Data frames we send are cut to this size (SPDY allows 16 MiB; keep latency low). */
const MAX_DATA = 32 * 1024;

export class SpdyStream extends EventEmitter {
  /** We sent FIN. */
  localClosed = false;
  /** The peer sent FIN (or the stream was reset). */
  remoteClosed = false;
  reset = false;

  constructor(
    private readonly session: SpdySession,
    readonly id: number,
    readonly headers: Headers,
  ) {
    super();
  }

  /** Returns false when the connection's buffer is full (wait for session 'drain'). */
  write(data: Buffer): boolean {
    if (this.localClosed || this.reset) return true;
    let ok = true;
    for (let off = 0; off < data.length; off += MAX_DATA) {
      ok = this.session.send({
        type: 'data',
        streamId: this.id,
        fin: false,
        data: data.subarray(off, off + MAX_DATA),
      });
    }
    return ok;
  }

  /** Half-close: no more data from us. */
  end(): void {
    if (this.localClosed || this.reset) return;
    this.localClosed = true;
    this.session.send({ type: 'data', streamId: this.id, fin: true, data: Buffer.alloc(0) });
    this.session.maybeForget(this);
  }

  /** Abort the stream both ways. */
  destroy(): void {
    if (this.reset) return;
    this.session.send({ type: 'rst_stream', streamId: this.id, status: RST.CANCEL });
    this.onReset();
  }

  /** @internal */
  onData(data: Buffer, fin: boolean): void {
    if (this.remoteClosed) return;
    if (data.length) this.emit('data', data);
    if (fin) {
      this.remoteClosed = true;
      this.emit('end');
      this.session.maybeForget(this);
    }
  }

  /** @internal */
  onReset(): void {
    if (this.reset) return;
    this.reset = true;
    this.localClosed = true;
    const wasOpen = !this.remoteClosed;
    this.remoteClosed = true;
    if (wasOpen) this.emit('end');
    this.emit('reset');
    this.session.maybeForget(this);
  }
}

/**
 * Events: 'stream' (SpdyStream) for each new client stream, 'close' once the connection is gone,
 * 'drain' when writes may continue, 'error' (protocol errors; the connection is then closed).
 */
export class SpdySession extends EventEmitter {
  private readonly reader = new FrameReader();
  private readonly writer = new FrameWriter();
  private readonly streams = new Map<number, SpdyStream>();
  private lastStreamId = 0;
  private closed = false;

  constructor(private readonly conn: Duplex) {
    super();
    conn.on('data', (chunk: Buffer) => this.receive(chunk));
    conn.on('drain', () => this.emit('drain'));
    const gone = () => this.teardown();
    conn.on('end', gone);
    conn.on('close', gone);
    conn.on('error', gone);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(frame: Frame): boolean {
    if (this.closed || this.conn.destroyed || this.conn.writableEnded) return true;
    return this.conn.write(this.writer.encode(frame));
  }

  /** GOAWAY, then close the connection once written. */
  close(): void {
    if (this.closed) return;
    this.send({ type: 'goaway', lastGoodStreamId: this.lastStreamId, status: 0 });
    this.conn.end();
    this.teardown();
  }

  /** @internal drops fully-closed streams. */
  maybeForget(stream: SpdyStream): void {
    if (stream.localClosed && stream.remoteClosed) this.streams.delete(stream.id);
  }

  private receive(chunk: Buffer): void {
    let frames: Frame[];
    try {
      frames = this.reader.push(chunk);
    } catch (e) {
      this.send({ type: 'goaway', lastGoodStreamId: this.lastStreamId, status: 1 });
      this.emit('protocolError', e);
      this.conn.destroy();
      this.teardown();
      return;
    }
    for (const f of frames) this.handle(f);
  }

  private handle(f: Frame): void {
    switch (f.type) {
      case 'syn_stream': {
        if (this.streams.has(f.streamId) || f.streamId <= this.lastStreamId) {
          this.send({ type: 'rst_stream', streamId: f.streamId, status: RST.PROTOCOL_ERROR });
          return;
        }
        this.lastStreamId = f.streamId;
        const stream = new SpdyStream(this, f.streamId, f.headers);
        this.streams.set(f.streamId, stream);
        this.send({ type: 'syn_reply', streamId: f.streamId, fin: false, headers: {} });
        this.emit('stream', stream);
        if (f.fin) stream.onData(Buffer.alloc(0), true);
        return;
      }
      case 'data': {
        const s = this.streams.get(f.streamId);
        if (!s) {
          this.send({ type: 'rst_stream', streamId: f.streamId, status: RST.INVALID_STREAM });
          return;
        }
        s.onData(f.data, f.fin);
        return;
      }
      case 'headers':
        if (f.fin) this.streams.get(f.streamId)?.onData(Buffer.alloc(0), true);
        return;
      case 'rst_stream':
        this.streams.get(f.streamId)?.onReset();
        return;
      case 'ping':
        this.send(f); // echo: the client's odd ids come back as its pong
        return;
      case 'goaway':
        // The client is done: it opens no more streams; existing ones finish on their own.
        this.emit('goaway');
        return;
      default:
        return; // SETTINGS, WINDOW_UPDATE, unknown types: nothing to do
    }
  }

  private teardown(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of [...this.streams.values()]) s.onReset();
    this.streams.clear();
    this.emit('close');
  }
}
