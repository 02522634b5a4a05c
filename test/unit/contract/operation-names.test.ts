// OPERATION_NAMES is derived from a record the compiler checks against OperationsApi (a missing or
// extra name fails `tsc`); here: the servers' name check accepts exactly the operations the
// Operations object implements, and nothing inherited from Object.prototype.
import { describe, expect, it } from 'vitest';
import { isOperationName, OPERATION_NAMES } from '../../../orchestrator/contract/index.js';
import { createOperations } from '../../../orchestrator/operations/operations.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { Store } from '../../../orchestrator/storage/store.js';

describe('operation names', () => {
  it('are the request/response operations the Operations object implements (not its streams)', () => {
    const store = Store.open(':memory:');
    try {
      const ops = createOperations({ registry: new Registry(store), clusterName: 't' });
      const implemented = Object.keys(ops).filter((k) => k !== 'watch' && k !== 'logs');
      expect([...OPERATION_NAMES].sort()).toEqual(implemented.sort());
    } finally {
      store.close();
    }
  });

  it('a name from the wire is checked against own keys only', () => {
    for (const n of OPERATION_NAMES) expect(isOperationName(n)).toBe(true);
    for (const n of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'watch', 'logs', '', 42, null])
      expect(isOperationName(n)).toBe(false);
  });
});
