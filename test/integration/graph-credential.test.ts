/**
 * The HTTPS path end to end: loadConfig → createGraphClient → ClientSecretCredential (MSAL with a
 * custom authority) → the sandbox's token endpoint → the SDK attaching the bearer token to a
 * customHosts test double. A child process runs it so NODE_EXTRA_CA_CERTS (the sandbox's
 * self-signed certificate) is in place when Node starts.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';

import { startHttpsSandbox, type HttpsSandboxHarness } from '../helpers/sandbox';

const ROOT = path.resolve(__dirname, '../..');
const CHILD_TIMEOUT_MS = 30_000;

/** Lists profiles with the production client and prints the outcome as one JSON line. */
const LIST_PROFILES = `
const { loadConfig } = require('./src/config/env');
const { createGraphClient } = require('./src/graph/client');
const { GraphProfileService } = require('./src/graph/profile-service');
const { createLogger } = require('./src/logging');
(async () => {
  const config = loadConfig(process.env, { dotenvPath: undefined });
  if (config.graph.mode !== 'graph') throw new Error('expected graph mode');
  const client = createGraphClient(config.graph, createLogger('silent'));
  try {
    const profiles = await new GraphProfileService({ client }).list();
    process.stdout.write(JSON.stringify({ ok: true, customAuthority: config.graph.customAuthority, profiles }));
  } catch (e) {
    process.stdout.write(JSON.stringify({ ok: false, name: e.name, details: e.details, adminMessage: e.adminMessage && e.adminMessage() }));
  }
})();
`;

interface ChildOutcome {
  ok: boolean;
  customAuthority?: boolean;
  profiles?: { id: string; priority: number }[];
  name?: string;
  details?: Record<string, unknown>;
  adminMessage?: string;
}

async function listProfilesInChild(h: HttpsSandboxHarness, secret: string): Promise<ChildOutcome> {
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', LIST_PROFILES], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: os.tmpdir(),
      NODE_EXTRA_CA_CERTS: h.caPath,
      GRAPH_MODE: 'graph',
      GRAPH_TENANT_ID: h.sandbox.state.tenantId,
      GRAPH_CLIENT_ID: h.client.clientId,
      GRAPH_CLIENT_SECRET: secret,
      GRAPH_AUTHORITY_HOST: h.sandbox.tokenAuthorityHost ?? '',
      GRAPH_BASE_URL: h.sandbox.baseUrl,
      // Only the Graph path runs here (no bot server): no MicrosoftAppId, so opt in explicitly.
      UNSAFE_ALLOW_ANONYMOUS_WITH_REAL_GRAPH: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  if (code !== 0 || out === '') {
    throw new Error(`child exited with ${String(code)}: ${err}`);
  }
  return JSON.parse(out) as ChildOutcome;
}

/** A GET to the HTTPS sandbox from this process, trusting its certificate explicitly. */
async function httpsGet(
  h: HttpsSandboxHarness,
  ca: string,
  pathname: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(`${h.sandbox.baseUrl}${pathname}`, { ca, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
  });
}

describe('Graph over HTTPS with a client secret against the sandbox authority', () => {
  let h: HttpsSandboxHarness;

  beforeEach(async () => {
    h = await startHttpsSandbox();
  });

  afterEach(async () => {
    await h.close();
  });

  it('gets a token from the sandbox token endpoint and lists the seeded profiles with it', async () => {
    const outcome = await listProfilesInChild(h, h.client.clientSecret);
    expect(outcome.ok).toBe(true);
    expect(outcome.customAuthority).toBe(true);
    expect(outcome.profiles?.map((p) => p.priority)).toEqual([0, 1, 2]);

    const { state } = h.sandbox;
    expect(state.tokenRequests).toEqual([
      expect.objectContaining({
        clientId: h.client.clientId,
        grantType: 'client_credentials',
        scope: `${h.sandbox.baseUrl}/.default`,
        granted: true,
      }),
    ]);
    expect(state.tokenRequests[0]!.fields).toContain('client_secret');
    expect(state.authorityRequests.map((r) => r.replace(/\?.*$/, ''))).toEqual([
      `GET /${state.tenantId}/v2.0/.well-known/openid-configuration`,
      `POST /${state.tenantId}/oauth2/v2.0/token`,
    ]);
    expect(state.requests).toHaveLength(1);
    const seen = state.requests[0]!;
    expect(seen.status).toBe(200);
    expect(seen.bearerToken).toMatch(/^sandbox\./);
    expect(state.issuedTokens.has(seen.bearerToken!)).toBe(true);
  });

  it('turns a wrong secret into a clear unauthorized GraphError without calling Graph', async () => {
    const outcome = await listProfilesInChild(h, 'not-the-secret');
    expect(outcome).toMatchObject({
      ok: false,
      name: 'GraphError',
      details: { reason: 'unauthorized', graphCode: 'invalid_client', operation: 'profiles.list' },
    });
    expect(String(outcome.details?.graphMessage)).toContain('AADSTS7000215');
    expect(outcome.adminMessage).toContain('could not sign in to Microsoft Graph');
    expect(h.sandbox.state.tokenRequests.map((t) => t.granted)).toEqual([false]);
    expect(h.sandbox.state.requests).toEqual([]);
  });

  it('requires a token it issued over HTTPS', async () => {
    const ca = fs.readFileSync(h.caPath, 'utf8');
    const anonymous = await httpsGet(h, ca, '/v1.0/groups');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toContain('InvalidAuthenticationToken');
    const forged = await httpsGet(h, ca, '/v1.0/groups', {
      Authorization: 'Bearer sandbox.forged',
    });
    expect(forged.status).toBe(401);
    const token = h.sandbox.state.issueToken();
    const ok = await httpsGet(h, ca, `/v1.0/users/meganb@contoso.example`, {
      Authorization: `Bearer ${token}`,
    });
    expect(ok.status).toBe(200);
  });
});
