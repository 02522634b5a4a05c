// Atomic file writes (temp file in the same directory + rename), so readers never see half a file.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

/** Writes `data` to `file` atomically with the given mode; follows a symlinked target so the link survives. */
export function writeFileAtomic(file: string, data: string | Buffer, mode = 0o600): void {
  let target = file;
  try {
    target = realpathSync(file);
  } catch {
    // does not exist yet: write to the path as given
  }
  mkdirSync(path.dirname(target), { recursive: true });
  const tmp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`,
  );
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
