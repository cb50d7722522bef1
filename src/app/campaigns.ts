/**
 * Enrollment campaigns in the process: the store, the runner (one per instance; a lease in each
 * campaign's document lets one instance at a time work a campaign), how a person is reached
 * (their stored personal chat, else the app installed for them through Graph and a personal
 * conversation opened through the Bot Connector within the tenant's send limit), in which
 * language each person reads their invitation and reminders, and what the outbox tells campaigns
 * (an invitation delivered, or dead-lettered).
 */
import type { Client } from '@microsoft/microsoft-graph-client';

import { parseMessageId } from '../campaigns/model';
import { createPersonReacher, type KnownConversation } from '../campaigns/reach';
import { CampaignRunner, type CampaignIntervals } from '../campaigns/runner';
import { type CampaignStore } from '../campaigns/store';
import { campaignMessages } from '../flows/campaign';
import { GraphManagedDeviceReader } from '../graph/managed-devices';
import { GraphTeamsAppInstaller } from '../graph/teams-app-installations';
import type { DirectoryService } from '../graph/types';
import type { Reader } from '../i18n/format';
import { languageFromLocale } from '../i18n/languages';
import type { Logger } from '../logging';
import type { BotFrameworkSender } from '../outbox/bot-sender';
import { defaultWorkerId } from '../outbox/engine';
import type { OutboxMessage, OutboxMessageInput } from '../outbox/types';
import { ConversationStore } from '../storage/conversation-store';
import { LanguagePreferences } from '../storage/language-preferences';
import type { StateStorage } from '../storage/state-storage';

/** What the outbox reports to campaigns. */
export interface CampaignOutboxHooks {
  onSent(message: OutboxMessage): Promise<void>;
  onDeadLetter(message: OutboxMessage): Promise<void>;
}

/** The outbox's hooks for campaign messages: delivered invitations count as reached. */
export function campaignOutboxHooks(store: CampaignStore, logger: Logger): CampaignOutboxHooks {
  return {
    async onSent(message) {
      const parsed = parseMessageId(message.id);
      if (parsed?.kind !== 'invite') return;
      const at = message.sentAt ?? Date.now();
      await store.updatePerson(parsed.campaignId, parsed.userId, (p) => {
        if (p.reachedAt !== undefined) return false;
        p.reachedAt = at;
        p.unreachable = undefined;
        return true;
      });
    },
    async onDeadLetter(message) {
      const parsed = parseMessageId(message.id);
      if (parsed?.kind !== 'invite') return;
      logger.warn(
        { campaignId: parsed.campaignId },
        'a campaign invitation could not be delivered',
      );
      await store.updatePerson(parsed.campaignId, parsed.userId, (p) => {
        if (p.reachedAt !== undefined) return false;
        p.unreachable = { reason: 'delivery-failed', at: Date.now(), attempts: 3 };
        return true;
      });
    },
  };
}

/** What the runner is made of (the app passes configuration; tests and the bench the same pieces). */
export interface CampaignWiring {
  store: CampaignStore;
  logger: Logger;
  graph: { client: Client; directory: Pick<DirectoryService, 'userMemberPages'> };
  sender: Pick<BotFrameworkSender, 'openPersonal'>;
  /** The outbox: where messages go, and the tenant's send slots for opening conversations. */
  outbox: {
    takeTenantSlot(tenantId: string | undefined): Promise<void>;
    enqueueMany(messages: readonly OutboxMessageInput[]): Promise<number>;
  };
  /** The personal chat the bot already has with a person, if any. */
  known: KnownConversation;
  /** TEAMS_APP_ID, and the app's catalog id when configured (else looked up). */
  teamsAppId: string;
  catalogAppId?: string;
  intervals?: Partial<CampaignIntervals>;
  banner: { sandbox: boolean; sandboxNotice: string };
  /**
   * The language each person reads (see {@link storedLanguages}); without it invitations and
   * reminders are in English.
   */
  languages?: PersonLanguage;
  instanceId?: string;
  now?: () => number;
}

/** The stored personal chats (conversation-store.ts) as the reacher asks for them. */
export function storedPersonalChats(storage: StateStorage): KnownConversation {
  const conversations = new ConversationStore(storage);
  return async (userId) => {
    const found = await conversations.personalFor(userId);
    return found
      ? {
          serviceUrl: found.serviceUrl,
          conversationId: found.conversationId,
          ...(found.tenantId ? { tenantId: found.tenantId } : {}),
          ...(found.botId ? { botId: found.botId } : {}),
        }
      : undefined;
  };
}

/** The language (and Teams locale) one person reads, by their Entra object id. */
export type PersonLanguage = (userId: string) => Promise<Reader>;

/**
 * Each person's language, outside any turn: the one they chose, else the one they last wrote in
 * (src/storage/language-preferences.ts), else their Teams client's, as stored with their personal
 * chat's conversation reference, else English.
 */
export function storedLanguages(storage: StateStorage): PersonLanguage {
  const preferences = new LanguagePreferences(storage);
  const conversations = new ConversationStore(storage);
  const preferenceOf = async (userId: string): Promise<Reader['lang'] | undefined> => {
    const own = await preferences.get(userId);
    if (own.chosen ?? own.written) return own.chosen ?? own.written;
    // Stored under the id as the activity spelled it; campaigns keep ids in lower case.
    const lower = userId.toLowerCase();
    if (lower === userId) return undefined;
    const other = await preferences.get(lower);
    return other.chosen ?? other.written;
  };
  const localeOf = async (userId: string): Promise<string | undefined> => {
    const chat = await conversations.personalFor(userId);
    if (!chat) return undefined;
    const locale = (await conversations.get(chat.conversationId))?.reference.locale;
    return typeof locale === 'string' && locale.length <= 64 ? locale : undefined;
  };
  return async (userId) => {
    const [chosen, locale] = await Promise.all([preferenceOf(userId), localeOf(userId)]);
    const lang = chosen ?? languageFromLocale(locale) ?? 'en';
    return { lang, ...(locale ? { locale } : {}) };
  };
}

/** People whose language is looked up at once while a batch of messages is queued. */
const LANGUAGE_LOOKUPS = 8;

/**
 * The outbox as the runner sees it: each invitation and reminder is rendered again in the
 * language of the person it goes to before it is queued (a failed lookup leaves it in English).
 */
function inPeoplesLanguages(
  outbox: CampaignWiring['outbox'],
  messages: ReturnType<typeof campaignMessages>,
  languages: PersonLanguage,
  logger: Logger,
): CampaignWiring['outbox'] {
  const localize = async (message: OutboxMessageInput): Promise<OutboxMessageInput> => {
    const personal = messages.personal(message.activity);
    if (!personal) return message;
    try {
      const reader = await languages(personal.userId);
      return reader.lang === 'en' ? message : { ...message, activity: personal.render(reader) };
    } catch (err) {
      logger.warn(
        { err },
        'could not read a person’s language; the campaign message goes in English',
      );
      return message;
    }
  };
  return {
    takeTenantSlot: (tenantId) => outbox.takeTenantSlot(tenantId),
    async enqueueMany(batch) {
      const out: OutboxMessageInput[] = [];
      for (let i = 0; i < batch.length; i += LANGUAGE_LOOKUPS) {
        out.push(...(await Promise.all(batch.slice(i, i + LANGUAGE_LOOKUPS).map(localize))));
      }
      return outbox.enqueueMany(out);
    },
  };
}

/** A campaign runner (not started): Graph installs, connector opens within the tenant limit. */
export function createCampaignRunner(w: CampaignWiring): CampaignRunner {
  const reacher = createPersonReacher({
    installer: new GraphTeamsAppInstaller({ client: w.graph.client, logger: w.logger }),
    opener: {
      async openPersonal(target) {
        await w.outbox.takeTenantSlot(target.tenantId);
        return w.sender.openPersonal(target);
      },
    },
    known: w.known,
    teamsAppId: w.teamsAppId,
    ...(w.catalogAppId ? { catalogAppId: w.catalogAppId } : {}),
    logger: w.logger,
  });
  const messages = campaignMessages(w.banner);
  return new CampaignRunner({
    store: w.store,
    directory: w.graph.directory,
    devices: new GraphManagedDeviceReader({ client: w.graph.client, logger: w.logger }),
    reacher,
    outbox: w.languages ? inPeoplesLanguages(w.outbox, messages, w.languages, w.logger) : w.outbox,
    messages,
    logger: w.logger.child({ module: 'campaigns' }),
    instanceId: w.instanceId ?? defaultWorkerId(),
    ...(w.intervals ? { intervals: w.intervals } : {}),
    ...(w.now ? { now: w.now } : {}),
  });
}
