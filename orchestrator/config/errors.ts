// A failure the user can act on: printed as one line (what is wrong — what to do next), no stack trace.
// Here, at the bottom of the import graph, because settings and paths validation raise them and every
// layer may import config/.
export class UserError extends Error {
  constructor(
    message: string,
    /** What to do next; appended after an em dash. */
    readonly hint?: string,
    /** Optional extra lines printed after the main line (e.g. the tail of daemon.log). */
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'UserError';
  }

  /** The single line printed by the CLI. */
  line(): string {
    return this.hint ? `${this.message} — ${this.hint}` : this.message;
  }
}

/** A settings value that fails the table's rules; `field` is its dotted key (e.g. crashLoopBackOff.base). */
export class SettingsError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}
