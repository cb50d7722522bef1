import { TestAdapter, type Activity } from 'botbuilder';
import pino from 'pino';

import { type CardActionHandler } from '../../src/actions/card-actions';
import { commandVocabulary } from '../../src/actions/commands';
import { buildBot } from '../../src/app/build-bot';
import { configuredAdmins } from '../../src/auth/admin-check';
import type { TeamsBot } from '../../src/bot/teams-bot';
import { CampaignStore } from '../../src/campaigns/store';
import type { CheckSetupDeps } from '../../src/flows/admin/check-setup';
import type { DiscoveryDeps } from '../../src/flows/admin/discovery';
import { profileMethodResolver } from '../../src/flows/enrollment-method';
import type { HelpdeskDeps, ReassignCandidate } from '../../src/flows/helpdesk/helpdesk';
import type { KnowledgeDeps } from '../../src/flows/knowledge-deps';
import type { DirectoryService, ProfileService } from '../../src/graph/types';
import { CachedTenantFacts, IncidentGrouper, TicketStore } from '../../src/helpdesk';
import type { Language } from '../../src/i18n/languages';
import type { OrgEnrollmentMethod } from '../../src/knowledge/guide-plan';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base';
import { loadKnowledgeBase, loadKnowledgeBases } from '../../src/knowledge/load';
import type { Logger } from '../../src/logging';
import {
  emptyCounts,
  type Outbox,
  type OutboxMessage,
  type OutboxMessageInput,
  type OutboxStats,
  zeroCounters,
} from '../../src/outbox';
import type { StateStorage } from '../../src/storage/state-storage';
import { type FakeIntune, seededIntune } from '../fakes/fake-intune';
import { FakeSetup } from '../fakes/fake-setup';
import { MemoryStateStorage } from '../fakes/memory-state-storage';
import { NOW as SETUP_NOW } from '../unit/setup-check/builders';

import { forEachNode } from './card-validation';

/** A bot on botbuilder's TestAdapter with in-memory fakes, plus what it sent. */
export interface BotHarness<S extends StateStorage = MemoryStateStorage> {
  bot: TeamsBot;
  adapter: TestAdapter;
  storage: S;
  logger: Logger;
  logLines: string[];
  knowledge: KnowledgeDeps;
  admin: DiscoveryDeps & CheckSetupDeps;
  intune: FakeIntune;
  helpdesk: HelpdeskDeps;
  /** What the helpdesk flows wrote to the outbox, in order (not sent anywhere). */
  outbox: RecordingOutbox;
  /** The enrollment campaigns (same storage), and the campaigns the flows asked the runner to work now. */
  campaigns: CampaignStore;
  campaignPokes: string[];
  /** Sends one activity through the bot and returns every activity the bot produced in reply. */
  send(activity: Partial<Activity>): Promise<Partial<Activity>[]>;
}

let sharedKb: KnowledgeBase | undefined;
let sharedKbs: Partial<Record<Language, KnowledgeBase>> | undefined;

/** The real knowledge base, loaded once per test file. */
export function realKnowledgeBase(): KnowledgeBase {
  sharedKb ??= loadKnowledgeBase({ vocabulary: commandVocabulary() });
  return sharedKb;
}

/** The real knowledge bases of every language (English shared with realKnowledgeBase). */
export function realKnowledgeBases(): Partial<Record<Language, KnowledgeBase>> {
  sharedKbs ??= loadKnowledgeBases({ vocabulary: commandVocabulary() }, realKnowledgeBase());
  return sharedKbs;
}

/** Options for {@link createBotHarness}. */
export interface HarnessOptions<S extends StateStorage = MemoryStateStorage> {
  /** Extra verbs a test registers (on top of the real ones). */
  cardActions?: Map<string, CardActionHandler<unknown>>;
  kb?: KnowledgeBase;
  /** Every language's knowledge base (with `kb` for English), e.g. without some sets' examples. */
  kbs?: Partial<Record<Language, KnowledgeBase>>;
  method?: OrgEnrollmentMethod;
  /** Entra object ids of helpdesk team members (may act on alert cards). */
  helpdeskMembers?: string[];
  /** Reports look up the applicable profile's method in the (fake) Graph, as in production. */
  profileMethods?: boolean;
  /** Entra object ids treated as admins. */
  admins?: string[];
  intune?: FakeIntune;
  sandbox?: boolean;
  /**
   * Share storage with another harness (a "restarted" bot over the same data), or run on a real
   * store (SQLite, Azure Blob on Azurite).
   */
  storage?: S;
  /** Share the recorded outbox with another harness (two instances of one deployment). */
  outbox?: RecordingOutbox;
  /** Real Graph services (e.g. over the HTTP sandbox) instead of the in-memory fake. */
  graph?: { profiles: ProfileService; directory: DirectoryService };
  /** How long the conversation memory lasts (default two hours) and its clock. */
  memoryMs?: number;
  now?: () => Date;
  /** Helpdesk members the case card offers to reassign to (the app reads HELPDESK_GROUP_ID). */
  reassignCandidates?: ReassignCandidate[];
  /** How long an instance trusts the team answers it read (default: the app's 2 s). */
  teamAnswersCheckMs?: number;
}

/**
 * Builds a harness with the real bot, flows and card actions over in-memory fakes, wired by the
 * same builder as the running app (src/app/build-bot.ts).
 */
export function createBotHarness<S extends StateStorage = MemoryStateStorage>(
  options: HarnessOptions<S> = {},
): BotHarness<S> {
  const storage = options.storage ?? (new MemoryStateStorage() as StateStorage as S);
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
  const isAdmin = configuredAdmins(options.admins ?? []);
  const intune = options.intune ?? seededIntune();
  const setup = new FakeSetup();
  const tickets = new TicketStore(storage);
  const outbox = options.outbox ?? new RecordingOutbox();
  const campaigns = new CampaignStore(storage);
  const campaignPokes: string[] = [];
  const { bot, knowledge, admin, helpdesk } = buildBot({
    logger,
    storage,
    kb: options.kb ?? realKnowledgeBase(),
    ...(options.kbs ? { kbs: options.kbs } : options.kb ? {} : { kbs: realKnowledgeBases() }),
    profiles: options.graph?.profiles ?? intune,
    directory: options.graph?.directory ?? intune,
    setup,
    authorize: async (id) => ({ admin: await isAdmin(id) }),
    isAdmin,
    enrollmentMethodFor: () => Promise.resolve(options.method ?? 'accountDrivenUserEnrollment'),
    ...(options.profileMethods
      ? {
          profileMethodOf: profileMethodResolver({
            profiles: options.graph?.profiles ?? intune,
            directory: options.graph?.directory ?? intune,
            fallback: 'accountDrivenUserEnrollment',
            logger: pino({ level: 'silent' }),
          }).fromProfile,
        }
      : {}),
    memoryMs: options.memoryMs ?? 120 * 60_000,
    memoryClock: options.now,
    tenant: {
      sandbox: options.sandbox ?? false,
      sandboxNotice: 'Local Intune sandbox: no real tenant is changed.',
      tenantId: '11111111-2222-3333-4444-555555555555',
      cloud: 'global',
      downloadUrl: 'https://bot.contoso.example/api/service-discovery-file',
    },
    helpdesk: {
      tickets,
      grouper: new IncidentGrouper(storage, tickets),
      outbox,
      isMember: (id) =>
        Promise.resolve(id !== undefined && (options.helpdeskMembers ?? []).includes(id)),
      ...(options.reassignCandidates
        ? { reassignCandidates: () => Promise.resolve(options.reassignCandidates ?? []) }
        : {}),
      // As in production: the push certificate from the setup service (the fake's clock).
      tenantFacts: new CachedTenantFacts({
        readPushCertificate: () => setup.applePushCertificate(),
        logger,
        now: () => SETUP_NOW.getTime(),
      }),
    },
    campaigns: {
      store: campaigns,
      poke: (id) => campaignPokes.push(id),
      exportUrl: (token) => `https://bot.contoso.example/api/campaigns/export/${token}`,
    },
    extraCardActions: options.cardActions,
    ...(options.teamAnswersCheckMs !== undefined
      ? { teamAnswersCheckMs: options.teamAnswersCheckMs }
      : {}),
  });
  const adapter = new TestAdapter(async (ctx) => {
    await bot.run(ctx);
  });
  return {
    bot,
    adapter,
    storage,
    logger,
    logLines,
    knowledge,
    admin,
    intune,
    helpdesk,
    outbox,
    campaigns,
    campaignPokes,
    async send(activity) {
      const before = adapter.activeQueue.length;
      await adapter.processActivity(activity);
      return adapter.activeQueue.splice(before);
    },
  };
}

/** The Adaptive Card content of the first card attachment in a reply. */
export function cardOf(activity: Partial<Activity> | undefined): Record<string, unknown> {
  const attachment = activity?.attachments?.[0];
  if (!attachment || attachment.contentType !== 'application/vnd.microsoft.card.adaptive') {
    throw new Error(`expected an Adaptive Card, got ${JSON.stringify(activity)}`);
  }
  return attachment.content as Record<string, unknown>;
}

/** All TextBlock texts of a card (and FactSet facts as "title: value"), in document order. */
export function cardTexts(card: unknown): string[] {
  const out: string[] = [];
  forEachNode(card, (o) => {
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    if (typeof o.title === 'string' && typeof o.value === 'string' && o.type === undefined) {
      out.push(`${o.title}: ${o.value}`);
    }
  });
  return out;
}

/** Titles of the card's actions (buttons), including those in ActionSets and ShowCards. */
export function cardButtons(card: unknown): string[] {
  const out: string[] = [];
  forEachNode(card, (o) => {
    if (typeof o.type === 'string' && o.type.startsWith('Action.') && typeof o.title === 'string') {
      out.push(o.title);
    }
  });
  return out;
}

/** An in-memory Outbox that records what was enqueued (idempotent by id) and sends nothing. */
export class RecordingOutbox implements Outbox {
  public readonly messages: OutboxMessageInput[] = [];

  public enqueue(message: OutboxMessageInput): Promise<{ id: string; created: boolean }> {
    const created = !this.messages.some((m) => m.id === message.id);
    if (created) this.messages.push(message);
    return Promise.resolve({ id: message.id, created });
  }

  public async enqueueMany(messages: readonly OutboxMessageInput[]): Promise<number> {
    let n = 0;
    for (const m of messages) if ((await this.enqueue(m)).created) n += 1;
    return n;
  }

  public start(): void {}

  public stop(): Promise<void> {
    return Promise.resolve();
  }

  public stats(): Promise<OutboxStats> {
    return Promise.resolve({
      byState: { ...emptyCounts(), pending: this.messages.length },
      ...zeroCounters(),
    });
  }

  public get(_id: string): Promise<OutboxMessage | undefined> {
    return Promise.resolve(undefined);
  }

  public listDead(): Promise<OutboxMessage[]> {
    return Promise.resolve([]);
  }

  public requeue(): Promise<boolean> {
    return Promise.resolve(false);
  }

  public whenIdle(): Promise<void> {
    return Promise.resolve();
  }
}
