import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { createLoopbackCertificate } from './https-test-server';

/** Azurite services {@link startAzurite} can run. */
export type AzuriteService = 'blob' | 'queue';

/** Options for {@link startAzurite}. */
export interface StartAzuriteOptions {
  /** Services to start. Defaults to `['blob']`; blob always runs. */
  services?: AzuriteService[];
  /** How long to wait for the services to accept connections, in ms. Defaults to 20000. */
  readyTimeoutMs?: number;
  /**
   * Serve HTTPS with a fresh self-signed certificate for 127.0.0.1 and accept Microsoft Entra
   * bearer tokens (`--oauth basic`: Azurite checks the token's audience, issuer and lifetime, not
   * its signature). The handle then carries each service's account URL and the certificate.
   */
  oauth?: boolean;
}

/** A running Azurite; `stop` must be awaited in `afterAll`. */
export interface AzuriteHandle {
  /** Connection string for the blob service (devstoreaccount1 on a loopback port). */
  blobConnectionString: string;
  /** Connection string for the queue service, when `queue` was asked for. */
  queueConnectionString?: string;
  /** With `oauth`: the blob service's account URL (https://127.0.0.1:<port>/devstoreaccount1). */
  blobAccountUrl?: string;
  /** With `oauth` and `queue`: the queue service's account URL. */
  queueAccountUrl?: string;
  /** With `oauth`: the PEM certificate the services present, for the client to trust. */
  certificatePem?: string;
  /** Stops every child process and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

/** The well-known Azurite development account. Public by design, not a secret. */
const ACCOUNT_NAME = 'devstoreaccount1';
const ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN_DIR = path.join(ROOT, 'node_modules', '.bin');

/** Children still running in this process, killed on exit if a test forgot `stop`. */
const running = new Set<ChildProcess>();
/** Temp workspaces not yet removed, removed on exit for the same reason. */
const workspaces = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) {
    return;
  }
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) {
      child.kill('SIGKILL');
    }
    for (const workspace of workspaces) {
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  });
}

/**
 * Finds `count` distinct free loopback ports by binding port 0 that many times, holding every
 * socket until all are bound (so the kernel cannot hand out the same port twice), then releasing.
 */
async function freePorts(count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const server = net.createServer();
      servers.push(server);
      ports.push(
        await new Promise<number>((resolve, reject) => {
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            resolve(typeof address === 'object' && address !== null ? address.port : 0);
          });
        }),
      );
    }
    return ports;
  } finally {
    await Promise.all(
      servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
    );
  }
}

/** Resolves once a TCP connection to the port succeeds. */
async function canConnect(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Waits for the child to exit, escalating to SIGKILL after `graceMs`. */
async function killAndWait(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    running.delete(child);
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  running.delete(child);
}

interface StartedService {
  child: ChildProcess;
  port: number;
  output: () => string;
}

function spawnService(
  service: AzuriteService,
  port: number,
  workspace: string,
  tls?: { certFile: string; keyFile: string },
): StartedService {
  const script = fs.realpathSync(path.join(BIN_DIR, `azurite-${service}`));
  const child = spawn(
    process.execPath,
    [
      script,
      '--inMemoryPersistence',
      '--skipApiVersionCheck',
      '--loose',
      '--disableTelemetry',
      '--silent',
      `--${service}Host`,
      '127.0.0.1',
      `--${service}Port`,
      String(port),
      ...(tls ? ['--oauth', 'basic', '--cert', tls.certFile, '--key', tls.keyFile] : []),
    ],
    // Azurite refuses --location together with --inMemoryPersistence; its default location is the
    // working directory, so a temp cwd keeps any stray file (debug log, config) out of the repo.
    { cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  child.once('exit', () => running.delete(child));
  let log = '';
  const collect = (chunk: Buffer): void => {
    log = (log + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return { child, port, output: () => log };
}

/** A self-signed certificate for 127.0.0.1 (IP SAN), written as cert.pem and key.pem. */
async function writeLoopbackCertificate(workspace: string): Promise<string> {
  const { cert, key } = await createLoopbackCertificate();
  fs.writeFileSync(path.join(workspace, 'cert.pem'), cert);
  fs.writeFileSync(path.join(workspace, 'key.pem'), key, { mode: 0o600 });
  return cert;
}

async function waitReady(started: StartedService, deadline: number): Promise<void> {
  for (;;) {
    if (started.child.exitCode !== null || started.child.signalCode !== null) {
      throw new Error(`Azurite exited before it was ready:\n${started.output()}`);
    }
    if (await canConnect(started.port)) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`Azurite did not listen on ${started.port} in time:\n${started.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts Azurite (blob, optionally queue) in memory on free loopback ports, for integration
 * tests that need real Azure Storage semantics without a network. Telemetry is disabled and the
 * workspace is a temp directory, so nothing leaves the machine or lands in the repo. Children are
 * also killed when the test process exits, so a failed test cannot leave Azurite running.
 */
export async function startAzurite(options: StartAzuriteOptions = {}): Promise<AzuriteHandle> {
  const services = options.services ?? ['blob'];
  const deadline = Date.now() + (options.readyTimeoutMs ?? 20000);
  installExitHook();
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'azurite-'));
  workspaces.add(workspace);
  const started: StartedService[] = [];
  let stopped = false;

  const stop = async (): Promise<void> => {
    if (stopped) {
      return;
    }
    stopped = true;
    await Promise.all(started.map((s) => killAndWait(s.child)));
    fs.rmSync(workspace, { recursive: true, force: true });
    workspaces.delete(workspace);
  };

  const ports = new Map<AzuriteService, number>();
  let certificatePem: string | undefined;
  try {
    // Blob always runs: every caller needs it and the handle always carries its connection string.
    const wanted: AzuriteService[] = services.includes('queue') ? ['blob', 'queue'] : ['blob'];
    const free = await freePorts(wanted.length);
    if (options.oauth) {
      certificatePem = await writeLoopbackCertificate(workspace);
    }
    const tls = options.oauth
      ? { certFile: path.join(workspace, 'cert.pem'), keyFile: path.join(workspace, 'key.pem') }
      : undefined;
    wanted.forEach((service, i) => {
      const port = free[i] ?? 0;
      ports.set(service, port);
      started.push(spawnService(service, port, workspace, tls));
    });
    await Promise.all(started.map((s) => waitReady(s, deadline)));
  } catch (err) {
    await stop();
    throw err;
  }

  const scheme = options.oauth ? 'https' : 'http';
  const base =
    `DefaultEndpointsProtocol=${scheme};AccountName=${ACCOUNT_NAME};` +
    `AccountKey=${ACCOUNT_KEY};`;
  const endpoint = (port: number): string => `${scheme}://127.0.0.1:${port}/${ACCOUNT_NAME}`;
  const blobPort = ports.get('blob') ?? 0;
  const queuePort = ports.get('queue');
  return {
    blobConnectionString: `${base}BlobEndpoint=${endpoint(blobPort)};`,
    ...(queuePort === undefined
      ? {}
      : { queueConnectionString: `${base}QueueEndpoint=${endpoint(queuePort)};` }),
    ...(options.oauth
      ? {
          blobAccountUrl: endpoint(blobPort),
          ...(queuePort === undefined ? {} : { queueAccountUrl: endpoint(queuePort) }),
          certificatePem,
        }
      : {}),
    stop,
  };
}
