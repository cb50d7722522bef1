import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { generate } from 'selfsigned';

import { createSandboxGraphClient } from '../../src/graph/client';
import { GraphDirectoryService } from '../../src/graph/directory-service';
import { GraphProfileService } from '../../src/graph/profile-service';
import {
  startGraphSandbox,
  type GraphSandbox,
  type GraphSandboxOptions,
  type SandboxClientCredential,
} from '../../src/sandbox/graph-sandbox';

/** The sandbox over HTTP with the real Graph SDK client and services pointed at it. */
export interface HttpSandboxHarness {
  sandbox: GraphSandbox;
  profiles: GraphProfileService;
  directory: GraphDirectoryService;
  close(): Promise<void>;
}

/** Starts the sandbox on 127.0.0.1 over HTTP with the sandbox Graph client and both services. */
export async function startHttpSandbox(
  options: Omit<GraphSandboxOptions, 'tls'> = {},
): Promise<HttpSandboxHarness> {
  const sandbox = await startGraphSandbox(options);
  const client = createSandboxGraphClient(sandbox.baseUrl);
  return {
    sandbox,
    profiles: new GraphProfileService({ client }),
    directory: new GraphDirectoryService({ client }),
    close: () => sandbox.close(),
  };
}

/** The sandbox over HTTPS, acting as authority too, with its certificate in a temp PEM file. */
export interface HttpsSandboxHarness {
  sandbox: GraphSandbox;
  /** PEM of the self-signed certificate (for NODE_EXTRA_CA_CERTS). */
  caPath: string;
  client: SandboxClientCredential;
  close(): Promise<void>;
}

/** A test client registration the HTTPS sandbox accepts. Not a real secret. */
export const TEST_CLIENT: SandboxClientCredential = {
  clientId: '33333333-3333-4333-8333-333333333333',
  clientSecret: 'sandbox-test-secret',
};

/** A self-signed certificate for 127.0.0.1 (and localhost) that can serve as its own CA. */
export async function loopbackCertificate(): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 24 * 60 * 60 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/** Starts the sandbox over HTTPS with a fresh certificate written to a temp file. */
export async function startHttpsSandbox(
  options: Omit<GraphSandboxOptions, 'tls' | 'clients'> = {},
): Promise<HttpsSandboxHarness> {
  const tls = await loopbackCertificate();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-sandbox-'));
  const caPath = path.join(dir, 'sandbox-ca.pem');
  fs.writeFileSync(caPath, tls.cert);
  const sandbox = await startGraphSandbox({ ...options, tls, clients: [TEST_CLIENT] });
  return {
    sandbox,
    caPath,
    client: TEST_CLIENT,
    close: async () => {
      await sandbox.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
