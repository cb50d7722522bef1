/**
 * The campaign runner end to end below the chat: the real Graph client and services against the
 * local Intune sandbox (audience, app installation, managed devices), the real Bot Framework
 * sender against the loopback connector (opening personal conversations, posting cards, updating
 * the dashboard), and the outbox on BOTH stores (SQLite; Azure Queue + Blob on Azurite). It
 * checks what the issue promises: each person gets each message once, across restarts and two
 * instances; the enrolled, those who opt out and those who leave the groups get nothing more;
 * reminders follow working days; people who cannot be reached are counted with the reason.
 */
import type { Client } from '@microsoft/microsoft-graph-client';

import { campaignOutboxHooks, createCampaignRunner } from '../../src/app/campaigns';
import { messageIds, type Campaign } from '../../src/campaigns/model';
import type { CampaignRunner } from '../../src/campaigns/runner';
import { CampaignStore } from '../../src/campaigns/store';
import { summarise } from '../../src/campaigns/summary';
import { createSandboxGraphClient } from '../../src/graph/client';
import { GraphDirectoryService } from '../../src/graph/directory-service';
import { createLogger } from '../../src/logging';
import type { BotFrameworkSender } from '../../src/outbox';
import { startGraphSandbox, type GraphSandbox } from '../../src/sandbox/graph-sandbox';
import { SEED_IDS } from '../../src/sandbox/seed';
import type { StateStorage } from '../../src/storage/state-storage';
import { MemoryStateStorage } from '../fakes/memory-state-storage';
import {
  azureQueueBackend,
  sqliteBackend,
  type OutboxBackend,
  type TestOutbox,
  type World,
} from '../helpers/outbox-backends';
import { anonymousSender, outboxIdOf } from '../helpers/outbox-harness';
import { type LoopbackConnector, startLoopbackConnector } from '../support/loopback-connector';

jest.setTimeout(120_000);

const logger = createLogger((process.env.TEST_LOG_LEVEL as 'silent') ?? 'silent');
const TEAMS_APP_ID = '5f0c7a52-3a4e-4b8e-9f6b-2d7c1e9a4b10';
const PILOT = SEED_IDS.groups.iosByodPilot;
const MEGAN = SEED_IDS.users.megan;
const ISAIAH = SEED_IDS.users.isaiah;
const DAY = 24 * 3_600_000;

const sqlite = sqliteBackend();
const azure = azureQueueBackend();

let connector: LoopbackConnector;
let sandbox: GraphSandbox;
let client: Client;
let sender: BotFrameworkSender;

beforeAll(async () => {
  connector = await startLoopbackConnector();
  sandbox = await startGraphSandbox({ logger });
  client = createSandboxGraphClient(sandbox.baseUrl);
  sender = anonymousSender();
});

afterAll(async () => {
  await connector.close();
  await sandbox.close();
});

/** Removes the managed devices a test enrolled for someone (the sandbox outlives each test). */
function forgetDevicesOf(userId: string): void {
  const devices = sandbox.state.managedDevices;
  for (let i = devices.length - 1; i >= 0; i--) {
    if (devices[i]?.userId?.toLowerCase() === userId.toLowerCase()) devices.splice(i, 1);
  }
}

function campaignFor(id: string, over: Partial<Campaign> = {}): Campaign {
  const now = Date.parse('2026-12-03T10:00:00Z');
  return {
    id,
    name: 'Pilot rollout',
    status: 'active',
    createdAt: now,
    createdBy: { aadObjectId: SEED_IDS.users.adele, name: 'Adele Vance' },
    groups: [{ id: PILOT, name: 'iOS BYOD Pilot' }],
    method: 'accountDrivenUserEnrollment',
    message: 'Please enroll by the 18th.',
    deadline: '2026-12-18',
    reminderDays: [3],
    timeZone: 'Europe/Berlin',
    serviceUrl: connector.serviceUrl,
    tenantId: 'tenant-1',
    botId: '28:bot',
    history: [],
    audienceGeneration: 0,
    rev: 0,
    ...over,
  };
}

/** Invitations and reminders the connector accepted, by outbox id. */
function postedIds(): string[] {
  return connector.received
    .filter((r) => r.method === 'POST')
    .map((r) => outboxIdOf(r.activity))
    .filter((id) => id.startsWith('campaign/'));
}

describe.each([sqlite, azure] as OutboxBackend[])(
  'campaign runner on the $name outbox',
  (backend) => {
    let world: World;
    let outbox: TestOutbox;
    let storage: StateStorage;
    let store: CampaignStore;
    let clock: number;
    let idSeq = 0;

    beforeAll(async () => {
      await backend.setUp();
    });
    afterAll(async () => {
      await backend.tearDown();
    });

    beforeEach(() => {
      connector.clear();
      world = backend.newWorld();
      storage = backend === azure ? azure.storageFor(world) : new MemoryStateStorage();
      store = new CampaignStore(storage);
      outbox = backend.instance(world, { ...campaignOutboxHooks(store, logger) });
      outbox.start();
      clock = Date.parse('2026-12-03T10:00:00Z');
    });

    afterEach(async () => {
      await backend.closeAll();
    });

    function runner(instanceId: string, knownChats = new Map<string, string>()): CampaignRunner {
      // The app's own wiring (src/app/campaigns.ts), over the sandbox and the loopback connector.
      return createCampaignRunner({
        store,
        logger,
        graph: { client, directory: new GraphDirectoryService({ client }) },
        sender,
        outbox,
        known: (userId) =>
          Promise.resolve(
            knownChats.has(userId)
              ? { serviceUrl: connector.serviceUrl, conversationId: knownChats.get(userId) ?? '' }
              : undefined,
          ),
        teamsAppId: TEAMS_APP_ID,
        intervals: { tickMs: 60_000, audienceMs: 0, measureMs: 0, dashboardMs: 0 },
        banner: { sandbox: true, sandboxNotice: 'sandbox' },
        instanceId,
        now: () => clock,
      });
    }

    async function newCampaign(over: Partial<Campaign> = {}): Promise<Campaign> {
      idSeq += 1;
      const campaign = campaignFor(
        `cmp-${backend.name === 'sqlite' ? 's' : 'a'}${String(idSeq).padStart(9, '0')}`,
        over,
      );
      await store.create(campaign);
      return campaign;
    }

    it('reaches each person once, across a second pass, a second instance and a restart', async () => {
      const group = `aaaaaaaa-1111-4000-8000-${String(idSeq + 1).padStart(12, '0')}`;
      sandbox.state.groups.set(group, {
        id: group,
        displayName: 'Rollout wave 1',
        groupTypes: [],
        securityEnabled: true,
        mailEnabled: false,
        members: [],
      } as never);
      const users = sandbox.state.addSyntheticUsers(group, 120, `wave${backend.name}`);
      const campaign = await newCampaign({ groups: [{ id: group, name: 'Rollout wave 1' }] });
      const a = runner('instance-a');
      const b = runner('instance-b');
      // Two instances at once: the lease lets one work the campaign.
      await Promise.all([a.pass(campaign.id), b.pass(campaign.id)]);
      await a.pass(campaign.id);
      await runner('instance-a-restarted').pass(campaign.id);
      await outbox.whenIdle(60_000);
      const invites = postedIds().filter((id) => id.includes('/invite/'));
      expect(invites).toHaveLength(120);
      expect(new Set(invites).size).toBe(120);
      for (const u of users) expect(invites).toContain(messageIds.invite(campaign.id, u));
      // The app was installed for each once, and each conversation opened once.
      expect(users.every((u) => sandbox.state.installedApps.get(u.toLowerCase())?.size === 1)).toBe(
        true,
      );
      expect(connector.opened.filter((o) => users.includes(o.member))).toHaveLength(120);
      // Teams accepted every invitation: everyone counts as reached.
      const summary = await summarise(store, campaign, clock);
      expect(summary).toMatchObject({ targeted: 120, reached: 120, waiting: 0, enrolled: 0 });
    });

    it('reminds on working days only those not enrolled, not opted out and still in the groups', async () => {
      const campaign = await newCampaign({ reminderDays: [3] });
      const group = sandbox.state.groups.get(PILOT);
      const before = [...(group?.members ?? [])];
      const extra = sandbox.state.addSyntheticUsers(PILOT, 3, `remind${backend.name}`);
      const [stays, optsOut, leaves] = extra as [string, string, string];
      try {
        const r = runner('instance-a');
        await r.pass(campaign.id);
        await outbox.whenIdle(30_000);
        // Isaiah's iPad was enrolled before: he is counted, and never invited.
        const invited = postedIds().filter((id) => id.includes('/invite/'));
        expect(invited).not.toContain(messageIds.invite(campaign.id, ISAIAH));
        expect(invited).toEqual(
          expect.arrayContaining(
            [MEGAN, stays, optsOut, leaves].map((u) => messageIds.invite(campaign.id, u)),
          ),
        );
        // Megan enrolls; one person says they have no iPhone; one leaves the group.
        sandbox.state.enrollDevice(MEGAN, {});
        await store.updatePerson(campaign.id, optsOut, (p) => {
          p.optedOut = 'no-device';
          return true;
        });
        if (group) group.members = group.members.filter((m) => m !== leaves);
        // Two working days later: nothing due yet.
        clock += 2 * DAY;
        await r.pass(campaign.id);
        await outbox.whenIdle(30_000);
        expect(postedIds().filter((id) => id.includes('/reminder/'))).toEqual([]);
        // Thursday + 3 working days = Tuesday 09:00 Berlin: only the one who stays gets it, once.
        clock = Date.parse('2026-12-08T08:30:00Z');
        await r.pass(campaign.id);
        await runner('instance-b').pass(campaign.id);
        await outbox.whenIdle(30_000);
        expect(postedIds().filter((id) => id.includes('/reminder/'))).toEqual([
          messageIds.reminder(campaign.id, stays, 1),
        ]);
        const summary = await summarise(store, campaign, clock);
        expect(summary.enrolled).toBe(2); // Megan now, Isaiah before
        expect(summary.optedOut).toBe(1);
        expect(summary.left).toBe(1);
        expect(summary.remindersSent).toBe(1);
      } finally {
        if (group) group.members = before;
        forgetDevicesOf(MEGAN);
      }
    });

    it('counts people it cannot reach, with the reason, and tries again later', async () => {
      const group = `aaaaaaaa-2222-4000-8000-${String(idSeq + 1).padStart(12, '0')}`;
      sandbox.state.groups.set(group, {
        id: group,
        displayName: 'Hard to reach',
        groupTypes: [],
        securityEnabled: true,
        mailEnabled: false,
        members: [],
      } as never);
      const [refused, noTeams, fine] = sandbox.state.addSyntheticUsers(
        group,
        3,
        `unreach${backend.name}`,
      ) as [string, string, string];
      sandbox.state.failInstallFor(refused, 403);
      sandbox.state.failInstallFor(noTeams, 404);
      try {
        const campaign = await newCampaign({ groups: [{ id: group, name: 'Hard to reach' }] });
        const r = runner('instance-a');
        await r.pass(campaign.id);
        await outbox.whenIdle(30_000);
        expect(postedIds()).toEqual([messageIds.invite(campaign.id, fine)]);
        let summary = await summarise(store, campaign, clock);
        expect(summary.unreachable).toEqual({ 'install-refused': 1, 'no-teams': 1 });
        // The refusal is fixed (say, the app policy); 30 minutes later the runner tries again.
        sandbox.state.clearInstallFailure?.(refused);
        clock += 31 * 60_000;
        await r.pass(campaign.id);
        await outbox.whenIdle(30_000);
        expect(postedIds()).toEqual(
          expect.arrayContaining([messageIds.invite(campaign.id, refused)]),
        );
        expect(postedIds()).not.toContain(messageIds.invite(campaign.id, noTeams));
        summary = await summarise(store, campaign, clock);
        expect(summary.unreachable).toEqual({ 'no-teams': 1 });
      } finally {
        sandbox.state.clearInstallFailure?.(refused);
        sandbox.state.clearInstallFailure?.(noTeams);
      }
    });

    it('uses the chat a person already has, and updates the dashboard in place only when figures change', async () => {
      const campaign = await newCampaign({
        dashboard: {
          conversation: { serviceUrl: connector.serviceUrl, conversationId: 'a:admin-chat' },
          activityId: 'dashboard-activity',
        },
      });
      const r = runner('instance-a', new Map([[MEGAN, 'a:megan-existing-chat']]));
      await r.pass(campaign.id);
      await outbox.whenIdle(30_000);
      const toMegan = connector.received.find(
        (x) => outboxIdOf(x.activity) === messageIds.invite(campaign.id, MEGAN),
      );
      expect(toMegan?.conversationId).toBe('a:megan-existing-chat');
      expect(connector.opened.some((o) => o.member === MEGAN)).toBe(false);
      const updates = (): number =>
        connector.received.filter((x) => x.method === 'PUT' && x.replyToId === 'dashboard-activity')
          .length;
      expect(updates()).toBeGreaterThanOrEqual(1);
      // The next pass sees Megan's invitation delivered (reached): the figures moved.
      await r.pass(campaign.id);
      await outbox.whenIdle(30_000);
      const settled = updates();
      const card = JSON.stringify(
        connector.received.filter((x) => x.method === 'PUT').at(-1)?.activity ?? {},
      );
      expect(card).toContain('Chart.HorizontalBar');
      expect(card).toContain('Pilot rollout');
      expect(card).toMatch(/"x":"Reached in Teams","y":1\b/);
      // Nothing changed since: no update.
      await r.pass(campaign.id);
      await outbox.whenIdle(30_000);
      expect(updates()).toBe(settled);
    });

    it('sends nothing while paused or after the end, and goes on when resumed', async () => {
      const campaign = await newCampaign({ status: 'paused' });
      const r = runner('instance-a');
      await r.pass(campaign.id);
      await outbox.whenIdle(30_000);
      expect(postedIds()).toEqual([]);
      // Paused campaigns are still measured: Isaiah is already enrolled.
      expect((await summarise(store, campaign, clock)).enrolled).toBeGreaterThanOrEqual(1);
      await store.update(campaign.id, (c) => ({ ...c, status: 'active' }));
      await r.pass(campaign.id);
      await outbox.whenIdle(30_000);
      expect(postedIds()).toContain(messageIds.invite(campaign.id, MEGAN));
      const count = postedIds().length;
      await store.update(campaign.id, (c) => ({ ...c, status: 'ended' }));
      clock += 10 * DAY;
      await r.passAll();
      await outbox.whenIdle(30_000);
      expect(postedIds()).toHaveLength(count);
    });
  },
);
