// The bridge in use, set once at start-up (tests install a fake).
import type { Bridge } from './types.js';

let current: Bridge | undefined;

export function setBridge(b: Bridge): void {
  current = b;
}

export function bridge(): Bridge {
  if (!current) throw new Error('no bridge installed');
  return current;
}
