// Simulated network partitions (`kubedeck node partition`): requests authenticated as a blocked
// user have their connection dropped, and connections such a user already holds (watches,
// keep-alive sockets) are dropped within a sweep period, so the client sees the server vanish.
import type { Socket } from 'node:net';

export class BlockedUsers {
  private readonly sockets = new Map<Socket, string>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly blocked: ReadonlySet<string>,
    sweepMs = 250,
  ) {
    this.timer = setInterval(() => this.sweep(), sweepMs);
    this.timer.unref();
  }

  /** Records who uses the socket; true when the request must be dropped (socket destroyed). */
  drop(socket: Socket, user: string): boolean {
    if (this.blocked.has(user)) {
      socket.destroy();
      return true;
    }
    if (!this.sockets.has(socket)) socket.once('close', () => this.sockets.delete(socket));
    this.sockets.set(socket, user);
    return false;
  }

  private sweep(): void {
    if (!this.blocked.size) return;
    for (const [socket, user] of this.sockets) if (this.blocked.has(user)) socket.destroy();
  }

  close(): void {
    clearInterval(this.timer);
  }
}
