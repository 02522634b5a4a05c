// Child process for the crash test: writes objects as fast as it can and prints
// "ack <name> <rev>" after each acknowledged write, until it is SIGKILLed.
import { Store } from '../../../orchestrator/storage/store.js';

const [file, countArg] = process.argv.slice(2);
const store = Store.open(file, { eventLogSize: 50 });
const total = Number(countArg);
for (let i = 0; i < total; i++) {
  const name = `obj-${i}`;
  const created = store.create('core/configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default' },
    data: { i: String(i), pad: 'x'.repeat(2000) },
  });
  process.stdout.write(`ack ${name} ${created.metadata.resourceVersion}\n`);
  // Every third object is also updated, so MODIFIED rows are in flight when the kill lands.
  if (i % 3 === 0) {
    const updated = store.update('core/configmaps', {
      ...created,
      data: { ...created.data, updated: 'yes' },
    });
    process.stdout.write(`ack ${name} ${updated.metadata.resourceVersion}\n`);
  }
}
store.close();
process.stdout.write('done\n');
