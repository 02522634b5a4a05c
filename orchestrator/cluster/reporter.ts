// Progress reporting for lifecycle operations; the CLI prints it, tests capture or silence it.
export interface Reporter {
  /** Runs one step and reports it with its duration; `done` may rename the step from its result. */
  step<T>(label: string, fn: () => Promise<T> | T, done?: (result: T) => string): Promise<T>;
  /** A notice line (e.g. "already running", "stale lock found"). */
  info(line: string): void;
}

/** Runs steps without printing; records lines so tests can assert on them. */
export class RecordingReporter implements Reporter {
  readonly lines: string[] = [];
  async step<T>(label: string, fn: () => Promise<T> | T, done?: (result: T) => string): Promise<T> {
    const result = await fn();
    this.lines.push(`✓ ${done ? done(result) : label}`);
    return result;
  }
  info(line: string): void {
    this.lines.push(line);
  }
}
