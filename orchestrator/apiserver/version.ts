// What /version reports. The minor picks the matching kubectl binary in kubectl dispatchers.

export const KUBE_MINOR = '33';
export const KUBE_GIT_VERSION = `v1.${KUBE_MINOR}.0-kubedeck`;

export function versionInfo(): Record<string, string> {
  return {
    major: '1',
    minor: KUBE_MINOR,
    gitVersion: KUBE_GIT_VERSION,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-11-27T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'kubedeck',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}
