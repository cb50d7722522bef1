/**
 * A real bot process is SIGKILLed while it creates a profile: Graph (the HTTP sandbox) has made
 * the profile, the assignment is still in flight. A new process then picks the run up from the
 * shared SQLite state: it adopts the profile, finishes the assignment and the card moves on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { WizardStore } from '../../src/flows/admin/wizard/store';
import { SEED_IDS } from '../../src/sandbox/seed';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { PERSONAL_CONVERSATION_ID } from '../factories/activities';
import { cardTexts, createBotHarness } from '../helpers/bot-harness';
import { click, executeActions, responseCard, walkWizardToReview } from '../helpers/clicks';
import { waitUntil } from '../helpers/outbox-child';
import { startHttpSandbox, type HttpSandboxHarness } from '../helpers/sandbox';

const ROOT = path.resolve(__dirname, '../..');
const ADELE = SEED_IDS.users.adele;
const asAdmin = { from: { aadObjectId: ADELE, name: 'Adele Vance' } };
const NAME = 'Crash test profile';

let sb: HttpSandboxHarness;
let dir: string;
let child: ChildProcess | undefined;

beforeEach(async () => {
  sb = await startHttpSandbox();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wizard-crash-'));
});
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await sb.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('SIGKILL during Create: the next process adopts the profile and finishes its assignment', async () => {
  const file = path.join(dir, 'state.sqlite');
  const storage = new SqliteStorage(file);
  const graph = { profiles: sb.profiles, directory: sb.directory };
  const first = createBotHarness({ admins: [ADELE], storage, graph });
  const review = await walkWizardToReview(first, {
    admin: asAdmin,
    name: NAME,
    groupSearch: 'Sales',
    groupId: SEED_IDS.groups.sales,
  });
  const create = executeActions(review).find((a) => a.title === 'Create')!;

  // The assignment POST hangs, so the child dies after Graph made the profile.
  sb.sandbox.state.setLatency(20_000, '/assignments');
  let out = '';
  child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/wizard-crash-child.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: os.tmpdir(),
      STATE_FILE: file,
      SANDBOX_URL: sb.sandbox.baseUrl,
      RUN_ID: String(create.data.runId),
      RUN_VERSION: String(create.data.version),
      ADMIN_ID: ADELE,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const mine = (): { id: string }[] =>
    [...sb.sandbox.state.profiles.values()].filter((p) => p.displayName === NAME);
  await waitUntil(() => mine().length === 1 || child?.exitCode !== null, 30_000);
  expect({ profiles: mine().length, output: out }).toMatchObject({ profiles: 1 });
  child.kill('SIGKILL');
  await new Promise((resolve) => child?.once('exit', resolve));
  expect(out).not.toContain('finished');
  sb.sandbox.state.setLatency(0);

  // The run is left "creating". Time passes (the run's start moves 5 minutes back).
  const store = new WizardStore(storage);
  const loaded = await store.load(PERSONAL_CONVERSATION_ID, ADELE, String(create.data.runId));
  expect(loaded?.state.step).toBe('creating');
  await store.overwrite({
    ...loaded!.state,
    creatingSince: new Date(Date.now() - 5 * 60_000).toISOString(),
  });

  // A new process (same state file, same Graph) and the admin's old Review card.
  const second = createBotHarness({ admins: [ADELE], storage: new SqliteStorage(file), graph });
  const stuck = responseCard((await click(second, review, 'Create', {}, asAdmin)).response);
  const done = /Profile created/.test(cardTexts(stuck).join('\n'))
    ? stuck
    : responseCard((await click(second, stuck, 'Check again', {}, asAdmin)).response);
  expect(cardTexts(done).join('\n')).toMatch(/Profile created/);
  expect(mine()).toHaveLength(1);
  const res = await fetch(
    `${sb.sandbox.baseUrl}/beta/deviceManagement/appleUserInitiatedEnrollmentProfiles/${mine()[0]!.id}/assignments`,
  );
  const assignments = ((await res.json()) as { value: { target: { groupId?: string } }[] }).value;
  expect(assignments.map((a) => a.target.groupId)).toEqual([SEED_IDS.groups.sales]);
}, 60_000);
