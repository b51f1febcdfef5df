import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throwaway CA, a server certificate it signed, and an unrelated CA, as PEM files and text. */
export interface TestCertificates {
  /** The CA that signed the server certificate. */
  caFile: string;
  /** Another CA, which did not: verify-full against it must fail. */
  otherCaFile: string;
  /** PEM of the server certificate (subjectAltName: `hosts`) and its key. */
  certificate: string;
  key: string;
  /** Removes the folder. */
  remove(): Promise<void>;
}

/**
 * Makes the certificates with `openssl` in a temp folder: P-256 keys, valid for a day.
 *
 *   const certs = await makeTestCertificates(['127.0.0.1', 'localhost']);
 *   const postgres = await startPostgres({ tls: { certificate: certs.certificate, key: certs.key, only: true } });
 */
export async function makeTestCertificates(hosts: string[] = ['127.0.0.1', 'localhost']): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'episodic-tls-'));
  const file = (name: string) => join(dir, name);
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', ['req', '-x509', ...newKey, '-keyout', file('ca.key'), '-out', file('ca.crt'), '-days', '1', '-subj', '/CN=Episodic test CA']);
  await run('openssl', ['req', '-x509', ...newKey, '-keyout', file('other-ca.key'), '-out', file('other-ca.crt'), '-days', '1', '-subj', '/CN=Some other CA']);
  await run('openssl', ['req', ...newKey, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', `/CN=${hosts[0]}`]);
  const san = hosts.map((host) => (/^[\d.]+$/.test(host) ? `IP:${host}` : `DNS:${host}`)).join(',');
  await writeFile(file('server.ext'), `subjectAltName=${san}\n`);
  await run('openssl', ['x509', '-req', '-in', file('server.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.crt'), '-days', '1', '-extfile', file('server.ext')]);
  return {
    caFile: file('ca.crt'),
    otherCaFile: file('other-ca.crt'),
    certificate: await readFile(file('server.crt'), 'utf8'),
    key: await readFile(file('server.key'), 'utf8'),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
