import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterPaths } from '../../../orchestrator/config/paths.js';
import {
  ensurePki,
  generateCa,
  issueServingCert,
  servingCertUsable,
  type KeyPairPem,
} from '../../../orchestrator/cluster/pki.js';
import { tempDir } from './helpers.js';

function handshake(port: number, ca: string, host: string, servername?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = tls.connect({ port, host, ca, servername }, () => {
      sock.end();
      resolve();
    });
    sock.on('error', reject);
  });
}

describe('pki', () => {
  let ca: KeyPairPem;
  let server: KeyPairPem;
  let srv: https.Server;
  let port: number;

  beforeAll(async () => {
    ca = generateCa('test');
    server = issueServingCert(ca);
    srv = https.createServer({ cert: server.cert, key: server.key }, (_req, res) => res.end('ok'));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    port = (srv.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => srv.close(() => r())));

  it('PEM output uses LF line endings', () => {
    expect(ca.cert).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(ca.cert + server.cert + ca.key + server.key).not.toContain('\r');
  });

  it('CA is a self-signed CA certificate valid ~10 years', () => {
    const c = new X509Certificate(ca.cert);
    expect(c.ca).toBe(true);
    expect(c.verify(c.publicKey)).toBe(true);
    const years = (Date.parse(c.validTo) - Date.now()) / (365 * 24 * 3600 * 1000);
    expect(years).toBeGreaterThan(9.9);
  });

  it('serving cert has the required SANs, serverAuth and is not a CA', () => {
    const c = new X509Certificate(server.cert);
    expect(c.ca).toBe(false);
    expect(c.checkIssued(new X509Certificate(ca.cert))).toBe(true);
    for (const dns of [
      'localhost',
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
      'kubernetes.default.svc.cluster.local',
      'host.docker.internal',
    ]) {
      expect(c.checkHost(dns)).toBe(dns);
    }
    expect(c.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(c.checkIP('10.96.0.1')).toBe('10.96.0.1');
    expect(c.checkIP('10.96.0.2')).toBeUndefined();
    expect(c.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
    expect(Date.parse(c.validTo) - Date.now()).toBeGreaterThan(365 * 24 * 3600 * 1000);
  });

  it('TLS clients verify the server with the CA by name (localhost) and by IP (127.0.0.1)', async () => {
    await handshake(port, ca.cert, '127.0.0.1', 'localhost');
    await handshake(port, ca.cert, '127.0.0.1');
  });

  it('TLS verification fails with another CA', async () => {
    const other = generateCa('other');
    await expect(handshake(port, other.cert, '127.0.0.1', 'localhost')).rejects.toThrow();
  });

  it('ensurePki creates files with private keys 0600, then reuses them', () => {
    const t = tempDir();
    try {
      const paths = clusterPaths('c1', t.dir);
      const first = ensurePki(paths);
      expect(first.generated).toBe(true);
      expect(statSync(paths.caKey).mode & 0o777).toBe(0o600);
      expect(statSync(paths.serverKey).mode & 0o777).toBe(0o600);
      const second = ensurePki(paths);
      expect(second.generated).toBe(false);
      expect(second.ca.cert).toBe(first.ca.cert);
      expect(second.server.cert).toBe(first.server.cert);
      expect(readFileSync(paths.caCert, 'utf8')).toBe(first.ca.cert);
    } finally {
      t.cleanup();
    }
  });

  it('reissues the serving cert (same CA) when it lacks a wanted SAN or is not signed by the CA', () => {
    const t = tempDir();
    try {
      const paths = clusterPaths('c2', t.dir);
      const first = ensurePki(paths);
      expect(servingCertUsable(first.ca, first.server, { ips: ['172.18.0.1'] })).toBe(false);
      const withGateway = ensurePki(paths, { ips: ['172.18.0.1'] });
      expect(withGateway.ca.cert).toBe(first.ca.cert);
      expect(new X509Certificate(withGateway.server.cert).checkIP('172.18.0.1')).toBe('172.18.0.1');

      const foreign = issueServingCert(generateCa('x'));
      writeFileSync(paths.serverCert, foreign.cert);
      writeFileSync(paths.serverKey, foreign.key);
      const fixed = ensurePki(paths, { ips: ['172.18.0.1'] });
      expect(fixed.generated).toBe(true);
      expect(new X509Certificate(fixed.server.cert).checkIssued(new X509Certificate(first.ca.cert))).toBe(
        true,
      );
    } finally {
      t.cleanup();
    }
  });
});
