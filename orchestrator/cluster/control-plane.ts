// Composition root of the headless control plane: store + registry + API server.
// (Implementation lands with the API server; the signature is the contract the daemon uses.)

export interface ControlPlaneOptions {
  /** Cluster name (e.g. 'kubedeck'). */
  name: string;
  /** Directory holding state.db (SQLite). */
  stateDir: string;
  /** Addresses to listen on (127.0.0.1 always; later also the cluster network gateway). */
  hosts: string[];
  /** TCP port for the HTTPS API server (0 = pick a free one). */
  port: number;
  /** PEM server certificate and key (signed by the cluster CA). */
  tls: { cert: string; key: string };
  /** Bearer tokens accepted, mapped to a user name. */
  tokens: Record<string, string>;
}

export interface ControlPlane {
  /** https://127.0.0.1:<port> */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startControlPlane(_opts: ControlPlaneOptions): Promise<ControlPlane> {
  throw new Error('not implemented yet');
}
