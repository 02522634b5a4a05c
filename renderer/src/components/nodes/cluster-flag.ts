// `--name CLUSTER` for kubedeck commands, omitted for the default cluster (asked once per page).
import { ref } from 'vue';
import { nameFlag } from '@kubedeck/contract';
import { bridge } from '../../bridge/current.js';

export function useClusterFlag() {
  const flag = ref('');
  void (async () => {
    try {
      const name = (await bridge().call('clusterStatus', {})).name ?? '';
      flag.value = nameFlag(name);
    } catch {
      flag.value = '';
    }
  })();
  return flag;
}
