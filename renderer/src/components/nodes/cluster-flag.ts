// `--name CLUSTER` for kubedeck commands, omitted for the default cluster (asked once per page).
import { ref } from 'vue';
import { bridge } from '../../bridge/current.js';

/** ` --name NAME` for a kubedeck command, '' for the default cluster (`kubedeck`) or no name. */
export function nameFlag(name: string): string {
  return name && name !== 'kubedeck' ? ` --name ${name}` : '';
}

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
