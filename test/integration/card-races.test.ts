import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Activity } from 'botbuilder';

import { VERBS } from '../../src/cards/verbs';
import { wizardKey, type WizardState } from '../../src/flows/admin/wizard/store';
import { TeamAnswerStore } from '../../src/knowledge/team-answers';
import { AuditLog } from '../../src/storage/audit-log';
import { BlobStateStorage } from '../../src/storage/blob-storage';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import type { StateStorage } from '../../src/storage/state-storage';
import {
  cardAction,
  message,
  SSO_REPORT_FORM,
  TEAM_ANSWER_PROPOSAL,
  UNKNOWN_ERROR_REPORT_FORM,
  type ActivityOptions,
} from '../factories/activities';
import { FAKE, type FakeIntune, seededIntune } from '../fakes/fake-intune';
import { startAzurite, type AzuriteHandle } from '../helpers/azurite';
import {
  type BotHarness,
  cardOf,
  cardTexts,
  createBotHarness,
  RecordingOutbox,
} from '../helpers/bot-harness';
import {
  buttonClick,
  click,
  type InvokeBody,
  invokeConcurrently,
  responseCard,
  walkWizardToReview,
} from '../helpers/clicks';

/**
 * Concurrent clicks on one card, on each real store, through two bot instances sharing it (as two
 * hosts of one deployment would): 50 identical clicks, and 4 different buttons of one card at
 * once. Exactly one may change anything: one state change, one notice, one history or audit
 * entry, and no click answered with a 5xx. Whether a card is still current is decided inside the
 * store's conditional write, so this holds on Azure Blob as on SQLite.
 */

const ADMIN: ActivityOptions = { from: { aadObjectId: FAKE.admin, name: 'Adele Vance' } };
const AGENT = {
  id: '29:agent-mri',
  name: 'Alex Wilber',
  aadObjectId: 'aaaaaaaa-0000-0000-0000-0000000000a9',
};
const SECOND_AGENT = {
  id: '29:agent2-mri',
  name: 'Nestor Wilke',
  aadObjectId: 'aaaaaaaa-0000-0000-0000-0000000000b1',
};
const AS_AGENT: ActivityOptions = { scope: 'team', from: AGENT };
const AS_SECOND_AGENT: ActivityOptions = { scope: 'team', from: SECOND_AGENT };

const SSO_FORM = SSO_REPORT_FORM;

interface Store {
  /** Two clients of one store, as two hosts have. */
  open(): Promise<[StateStorage, StateStorage]>;
  close(): Promise<void>;
}

let azurite: AzuriteHandle | undefined;
let dir = '';
const opened: StateStorage[] = [];
let n = 0;

const stores: [string, Store][] = [
  [
    'SQLite',
    {
      open() {
        n += 1;
        const file = path.join(dir, `races-${n}.sqlite`);
        const pair: [StateStorage, StateStorage] = [
          new SqliteStorage(file),
          new SqliteStorage(file),
        ];
        opened.push(...pair);
        return Promise.resolve(pair);
      },
      close: () => Promise.resolve(),
    },
  ],
  [
    'Azure Blob (Azurite)',
    {
      async open() {
        azurite ??= await startAzurite();
        n += 1;
        const container = `races-${process.pid}-${n}`;
        const pair: [StateStorage, StateStorage] = [
          new BlobStateStorage(azurite.blobConnectionString, container),
          new BlobStateStorage(azurite.blobConnectionString, container),
        ];
        opened.push(...pair);
        return pair;
      },
      async close() {
        await azurite?.stop();
        azurite = undefined;
      },
    },
  ],
];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'card-races-'));
});

afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Two bot instances of one deployment: one store, one Intune, one outbox. */
interface Deployment {
  bots: BotHarness<StateStorage>[];
  intune: FakeIntune;
  outbox: RecordingOutbox;
  storage: StateStorage;
}

function expectNo5xx(bodies: readonly InvokeBody[]): void {
  const failed = bodies.filter((b) => b.statusCode >= 500);
  expect(failed).toEqual([]);
}

/** The response cards of the clicks that answered with one. */
function cardsOf(bodies: readonly InvokeBody[]): Record<string, unknown>[] {
  return bodies.filter((b) => b.statusCode === 200).map((b) => responseCard(b));
}

function alertCardOf(outbox: RecordingOutbox): Record<string, unknown> {
  const last = outbox.messages.filter((m) => m.id.startsWith('incident-alert/')).at(-1);
  return (last?.activity as { attachments: [{ content: Record<string, unknown> }] }).attachments[0]
    .content;
}

describe.each(stores)('concurrent clicks on one card: %s', (_name, store) => {
  afterAll(() => store.close());

  async function deployment(): Promise<Deployment> {
    const [a, b] = await store.open();
    const intune = seededIntune();
    const outbox = new RecordingOutbox();
    const options = {
      admins: [FAKE.admin],
      helpdeskMembers: [AGENT.aadObjectId, SECOND_AGENT.aadObjectId],
      intune,
      outbox,
      teamAnswersCheckMs: 0,
    };
    return {
      bots: [
        createBotHarness({ ...options, storage: a }),
        createBotHarness({ ...options, storage: b }),
      ],
      intune,
      outbox,
      storage: a,
    };
  }

  describe('helpdesk alert card', () => {
    /** A channel, one employee's report, and the alert card the helpdesk sees. */
    async function incident(): Promise<Deployment & { card: Record<string, unknown> }> {
      const d = await deployment();
      const [bot] = d.bots;
      await bot!.send(message('set helpdesk channel', { scope: 'team', from: ADMIN.from }));
      await bot!.send(cardAction(VERBS.helpdeskReportSubmit, SSO_FORM));
      return { ...d, card: alertCardOf(d.outbox) };
    }

    /** The actions in the history of the incident's (one) ticket. */
    async function ticketHistory(d: Deployment): Promise<string[]> {
      const alertId = d.outbox.messages.find((m) => m.kind === 'post')?.id ?? '';
      const incidentId = /(ENR-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(alertId)?.[1] ?? '';
      const incident = await d.bots[1]!.helpdesk.grouper.get(incidentId);
      const [ticket] = await d.bots[1]!.helpdesk.tickets.getMany(incident?.tickets ?? []);
      return (ticket?.history ?? []).map((h) => h.action);
    }

    const notices = (d: Deployment): number =>
      d.outbox.messages.filter((m) => m.id.startsWith('ticket-notice/')).length;
    const cardUpdates = (d: Deployment): number =>
      d.outbox.messages.filter((m) => m.kind === 'update').length;

    it.each([
      ['Assign to me', {}, 'assigned', 1],
      ['Save note', { note: 'Asked them to remove Authenticator' }, 'note', 0],
      ['Resolve', { resolveNote: 'Authenticator removed, works now' }, 'resolved', 1],
    ] as const)(
      '50 identical "%s" clicks change the incident once',
      async (title, inputs, action, noticesExpected) => {
        const d = await incident();
        const clicks = Array.from({ length: 50 }, () =>
          buttonClick(d.card, title, inputs, AS_AGENT),
        );
        const bodies = await invokeConcurrently(d.bots, clicks);

        expectNo5xx(bodies);
        expect(bodies.filter((b) => b.statusCode === 200)).toHaveLength(1);
        expect(bodies.filter((b) => b.statusCode === 409)).toHaveLength(49);
        const history = await ticketHistory(d);
        expect(history.filter((a) => a === action)).toHaveLength(1);
        expect(notices(d)).toBe(noticesExpected);
        expect(cardUpdates(d)).toBe(1);
        if (action === 'note') {
          const [ticket] = await d.bots[1]!.helpdesk.tickets.listOpen();
          expect(ticket?.notes.map((note) => note.text)).toEqual([
            'Asked them to remove Authenticator',
          ]);
        }
      },
      60_000,
    );

    it('4 different buttons of one card at once: exactly one of them acts', async () => {
      const d = await incident();
      const bodies = await invokeConcurrently(d.bots, [
        buttonClick(d.card, 'Assign to me', {}, AS_AGENT),
        buttonClick(d.card, 'Save note', { note: 'Looking into it' }, AS_SECOND_AGENT),
        buttonClick(d.card, 'Resolve', { resolveNote: 'Fixed' }, AS_AGENT),
        buttonClick(d.card, 'Assign to me', {}, AS_SECOND_AGENT),
      ]);

      expectNo5xx(bodies);
      expect(bodies.filter((b) => b.statusCode === 200)).toHaveLength(1);
      const history = await ticketHistory(d);
      const acted = history.filter((a) => ['assigned', 'note', 'resolved'].includes(a));
      expect(acted).toHaveLength(1);
      expect(notices(d)).toBeLessThanOrEqual(1);
      expect(cardUpdates(d)).toBe(1);
    }, 60_000);
  });

  describe('answers proposed from solved cases', () => {
    it('50 identical proposals make one draft; Publish and Discard at once: one acts; every instance answers from it', async () => {
      const d = await deployment();
      const [a, b] = d.bots as [BotHarness<StateStorage>, BotHarness<StateStorage>];
      await a.send(message('set helpdesk channel', { scope: 'team', from: ADMIN.from }));
      await a.send(cardAction(VERBS.helpdeskReportSubmit, UNKNOWN_ERROR_REPORT_FORM));
      const solved = await click(
        a,
        alertCardOf(d.outbox),
        'Resolve',
        { resolveNote: 'Set the date and time to automatic' },
        AS_AGENT,
      );
      const resolved = responseCard(solved.response);
      const proposals = await invokeConcurrently(
        d.bots,
        Array.from({ length: 50 }, () =>
          buttonClick(resolved, 'Send for review', TEAM_ANSWER_PROPOSAL, AS_AGENT),
        ),
      );
      expectNo5xx(proposals);
      expect(proposals.filter((r) => r.statusCode === 200)).toHaveLength(1);
      const store = new TeamAnswerStore(d.storage);
      expect((await store.read()).answers.map((x) => x.status)).toEqual(['draft']);

      const [listReply] = await b.send(message('team answers', ADMIN));
      const list = cardOf(listReply);
      const bodies = await invokeConcurrently(d.bots, [
        ...Array.from({ length: 5 }, () => buttonClick(list, 'Publish', {}, ADMIN)),
        ...Array.from({ length: 5 }, () => buttonClick(list, 'Discard', {}, ADMIN)),
      ]);
      expectNo5xx(bodies);
      const acted = bodies.filter((r) =>
        /employees get it now|Discarded/.test(JSON.stringify(r.value)),
      );
      expect(acted).toHaveLength(1);
      const audit = (await a.admin.audit.recent(50)).map((e) => e.action);
      expect(audit.filter((x) => x === 'answer.propose')).toHaveLength(1);
      expect(audit.filter((x) => x === 'answer.publish' || x === 'answer.discard')).toHaveLength(1);

      const published = (await store.read()).answers[0]?.status === 'published';
      for (const bot of d.bots) {
        const [reply] = await bot.send(message('device attestation failed on my ipad, help'));
        const said = reply?.attachments?.length ? cardTexts(cardOf(reply)).join('\n') : '';
        expect(/Written by your IT team/.test(said)).toBe(published);
      }
    }, 60_000);
  });

  describe('profile wizard', () => {
    async function run(d: Deployment, card: Record<string, unknown>): Promise<WizardState> {
      const runId = /"runId":"([^"]+)"/.exec(JSON.stringify(card))?.[1] ?? '';
      const conversation = (cardAction('x', {}, ADMIN).conversation as { id: string }).id;
      const key = wizardKey(conversation, FAKE.admin, runId);
      return (await d.storage.read([key]))[key] as WizardState;
    }

    it('50 identical Next clicks on Basics move the run one page', async () => {
      const d = await deployment();
      const [reply] = await d.bots[0]!.send(message('create profile', ADMIN));
      const basics = cardOf(reply);
      const before = await run(d, basics);
      const clicks = Array.from({ length: 50 }, () =>
        buttonClick(basics, 'Next', { name: 'iOS BYOD Sales', description: '' }, ADMIN),
      );
      const bodies = await invokeConcurrently(d.bots, clicks);

      expectNo5xx(bodies);
      const after = await run(d, basics);
      expect(after.version).toBe(before.version + 1);
      expect(after.step).toBe('settings');
      const onSettings = cardsOf(bodies).filter((c) => JSON.stringify(c).includes('Step 2 of 4'));
      expect(onSettings.length).toBeGreaterThanOrEqual(1);
    }, 60_000);

    it('50 identical Create clicks create one profile and write one audit entry', async () => {
      const d = await deployment();
      const review = await walkWizardToReview(d.bots[0]!, {
        admin: ADMIN,
        name: 'iOS BYOD Sales',
        groupSearch: 'sales',
        groupId: FAKE.sales,
      });
      const profilesBefore = d.intune.profiles.length;
      const bodies = await invokeConcurrently(
        d.bots,
        Array.from({ length: 50 }, () => buttonClick(review, 'Create', {}, ADMIN)),
      );

      expectNo5xx(bodies);
      expect(d.intune.profiles).toHaveLength(profilesBefore + 1);
      expect(d.intune.calls.filter((c) => c === 'create')).toHaveLength(1);
      const audit = await new AuditLog(d.storage).recent(50);
      expect(audit.filter((e) => e.action === 'profile.create')).toHaveLength(1);
      expect(audit.filter((e) => e.action === 'assignment.add')).toHaveLength(1);
    }, 60_000);

    it('4 different buttons of the Review card at once: exactly one of them acts', async () => {
      const d = await deployment();
      const review = await walkWizardToReview(d.bots[0]!, {
        admin: ADMIN,
        name: 'iOS BYOD Sales',
        groupSearch: 'sales',
        groupId: FAKE.sales,
      });
      const before = await run(d, review);
      const bodies = await invokeConcurrently(d.bots, [
        buttonClick(review, 'Create', {}, ADMIN),
        buttonClick(review, 'Back', {}, ADMIN),
        buttonClick(review, 'Cancel', {}, ADMIN),
        buttonClick(review, 'Basics', {}, ADMIN),
      ]);

      expectNo5xx(bodies);
      const after = await run(d, review);
      const created = d.intune.calls.filter((c) => c === 'create').length;
      // Either Create won (one profile, and the run went on from 'creating'), or one of the
      // other three moved the run exactly one step and nothing was created.
      if (created === 1) {
        expect(['done', 'assign-failed']).toContain(after.step);
      } else {
        expect(created).toBe(0);
        expect(after.version).toBe(before.version + 1);
        expect(['assignments', 'cancelled', 'basics']).toContain(after.step);
      }
      const audit = await new AuditLog(d.storage).recent(50);
      expect(audit.filter((e) => e.action === 'profile.create')).toHaveLength(created);
    }, 60_000);
  });

  describe('profile list', () => {
    async function listCard(d: Deployment): Promise<Record<string, unknown>> {
      const [reply] = await d.bots[0]!.send(message('profiles', ADMIN));
      return cardOf(reply);
    }

    function rowClick(
      card: Record<string, unknown>,
      title: string,
      profileId: string,
    ): Partial<Activity> {
      const found = findAction(card, title, profileId);
      return cardAction(found.verb, found.data, ADMIN);
    }

    it('50 identical Move down clicks move the profile once, with one audit entry', async () => {
      const d = await deployment();
      const card = await listCard(d);
      const bodies = await invokeConcurrently(
        d.bots,
        Array.from({ length: 50 }, () => rowClick(card, 'Move down', 'p-0')),
      );

      expectNo5xx(bodies);
      expect(d.intune.calls.filter((c) => c === 'setPriority')).toHaveLength(1);
      const audit = await new AuditLog(d.storage).recent(50);
      expect(audit.filter((e) => e.action === 'profile.reorder')).toHaveLength(1);
      const order = [...d.intune.profiles].sort((a, b) => a.priority - b.priority).map((p) => p.id);
      expect(order).toEqual(['p-1', 'p-0']);
    }, 60_000);

    it('50 identical Delete profile clicks on one confirmation delete once', async () => {
      const d = await deployment();
      const confirm = responseCard(
        (await invokeConcurrently(d.bots, [rowClick(await listCard(d), 'Delete', 'p-1')]))[0]!,
      );
      const bodies = await invokeConcurrently(
        d.bots,
        Array.from({ length: 50 }, () => buttonClick(confirm, 'Delete profile', {}, ADMIN)),
      );

      expectNo5xx(bodies);
      expect(d.intune.calls.filter((c) => c === 'delete')).toHaveLength(1);
      expect(d.intune.profiles.map((p) => p.id)).toEqual(['p-0']);
      const audit = await new AuditLog(d.storage).recent(50);
      expect(audit.filter((e) => e.action === 'profile.delete')).toHaveLength(1);
    }, 60_000);

    it('4 different buttons of one list card at once: exactly one changes the order', async () => {
      const d = await deployment();
      const card = await listCard(d);
      const bodies = await invokeConcurrently(d.bots, [
        rowClick(card, 'Move down', 'p-0'),
        rowClick(card, 'Move up', 'p-1'),
        rowClick(card, 'Delete', 'p-0'),
        rowClick(card, 'Edit', 'p-1'),
      ]);

      expectNo5xx(bodies);
      expect(d.intune.calls.filter((c) => c === 'setPriority')).toHaveLength(1);
      expect(d.intune.calls.filter((c) => c === 'delete')).toHaveLength(0);
      const audit = await new AuditLog(d.storage).recent(50);
      expect(audit.filter((e) => e.action === 'profile.reorder')).toHaveLength(1);
    }, 60_000);
  });
});

/** The Action.Execute with this title whose data names `profileId`. */
function findAction(
  card: Record<string, unknown>,
  title: string,
  profileId: string,
): { verb: string; data: Record<string, unknown> } {
  let found: { verb: string; data: Record<string, unknown> } | undefined;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      const data = o.data as Record<string, unknown> | undefined;
      if (o.type === 'Action.Execute' && o.title === title && data?.profileId === profileId) {
        found = { verb: String(o.verb), data };
      }
      Object.values(o).forEach(visit);
    }
  };
  visit(card);
  if (!found) throw new Error(`no "${title}" for ${profileId} on the card`);
  return found;
}
