// Where a cluster's state lives: $KUBEDECK_HOME (default ~/.kubedeck)/clusters/<name>/.
import os from 'node:os';
import path from 'node:path';
import { UserError } from './errors.js';
import { envValue } from './resolve.js';

export const DEFAULT_CLUSTER_NAME = 'kubedeck';

/** State root: $KUBEDECK_HOME, else ~/.kubedeck. */
export function kubedeckHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = envValue('home', env) as string | undefined;
  return fromEnv ? path.resolve(fromEnv) : path.join(os.homedir(), '.kubedeck');
}

/** Cluster names become directory names and kubeconfig entry names: keep them DNS-label-like. */
export function validateClusterName(name: string): string {
  if (!/^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/.test(name)) {
    throw new UserError(
      `invalid cluster name '${name}'`,
      'use 1–40 lowercase letters, digits or dashes, starting and ending with a letter or digit',
    );
  }
  return name;
}

/** kubeconfig cluster/user/context name: `kubedeck` for the default cluster, `kubedeck-<name>` otherwise. */
export function contextName(name: string): string {
  return name === DEFAULT_CLUSTER_NAME ? DEFAULT_CLUSTER_NAME : `kubedeck-${name}`;
}

export interface ClusterPaths {
  name: string;
  home: string;
  dir: string;
  pkiDir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  token: string;
  config: string;
  kubeconfig: string;
  stateDb: string;
  log: string;
  lock: string;
  /** Per-node files: nodes/<node>/token, nodes/<node>/pods/ (mounted into the node at the same path). */
  nodesDir: string;
}

/** A node's directory, its bearer token file and its pod directory (host path = path inside the node). */
export function nodePaths(paths: ClusterPaths, node: string): { dir: string; token: string; pods: string } {
  const dir = path.join(paths.nodesDir, node);
  return { dir, token: path.join(dir, 'token'), pods: path.join(dir, 'pods') };
}

export function clusterPaths(name: string, home: string = kubedeckHome()): ClusterPaths {
  validateClusterName(name);
  const dir = path.join(home, 'clusters', name);
  const pkiDir = path.join(dir, 'pki');
  return {
    name,
    home,
    dir,
    pkiDir,
    caCert: path.join(pkiDir, 'ca.crt'),
    caKey: path.join(pkiDir, 'ca.key'),
    serverCert: path.join(pkiDir, 'apiserver.crt'),
    serverKey: path.join(pkiDir, 'apiserver.key'),
    token: path.join(dir, 'token'),
    config: path.join(dir, 'config.json'),
    kubeconfig: path.join(dir, 'kubeconfig'),
    stateDb: path.join(dir, 'state.db'),
    log: path.join(dir, 'daemon.log'),
    lock: path.join(dir, 'lock'),
    nodesDir: path.join(dir, 'nodes'),
  };
}
