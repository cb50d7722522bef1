import fs from 'node:fs';
import path from 'node:path';

import type { Client } from '@microsoft/microsoft-graph-client';

import type { Config } from '../config/env';
import type { ReassignCandidate } from '../flows/helpdesk/helpdesk';
import { fileWebhookReport } from '../flows/helpdesk/webhook-intake';
import { GraphTroubleshootingEvents } from '../graph/troubleshooting-events';
import type { DirectoryService } from '../graph/types';
import type { IncidentGrouper } from '../helpdesk';
import { EnrollmentFailurePoller, reportFromEvent } from '../helpdesk/failure-poller';
import type { Logger } from '../logging';
import type * as AzureQueueModule from '../outbox/azure-queue/store';
import type { AzureQueueOutbox } from '../outbox/azure-queue/store';
import type { BotFrameworkSender } from '../outbox/bot-sender';
import { GraphDeliveryProbe } from '../outbox/delivery-probe';
import { SqliteOutbox, type SqliteOutboxOptions } from '../outbox/sqlite/store';
import type { ConversationRef, OutboxMessage } from '../outbox/types';
import type { ResolvedStorageAccount } from '../storage/account';
import type { StateStorage } from '../storage/state-storage';

import type { BuiltBot } from './build-bot';

/** What the helpdesk's delivery needs from the process. */
export interface OutboxWiring {
  config: Config;
  storage: StateStorage;
  /** The storage account of the blob state, which the azure-queue outbox shares. */
  account: ResolvedStorageAccount | undefined;
  logger: Logger;
  grouper: IncidentGrouper;
  /** The Graph client, and whether it is real Graph (the delivery probe needs real Teams data). */
  graph: { client: Client; real: boolean };
  /** The process's one Bot Framework sender (campaigns also open conversations with it). */
  sender: BotFrameworkSender;
  /** Other producers' reactions to a delivered or dead-lettered message (campaigns). */
  hooks?: {
    onSent?: (message: OutboxMessage) => Promise<void>;
    onDeadLetter?: (message: OutboxMessage) => Promise<void>;
  };
}

/**
 * The delivery outbox for alerts, card updates and notices: SQLite on one host, or Azure Queue
 * Storage (with the blob state) shared by several instances. The Azure SDK is loaded only for the
 * queue.
 */
export function createOutbox(w: OutboxWiring): SqliteOutbox | AzureQueueOutbox {
  const { config, logger } = w;
  fs.mkdirSync(path.dirname(path.resolve(config.helpdesk.outboxPath)), { recursive: true });
  const options: Omit<SqliteOutboxOptions, 'file'> = {
    sender: w.sender,
    logger,
    // Only against real Graph: the sandbox does not hold Teams messages.
    probe:
      config.helpdesk.deliveryProbe === 'graph' && w.graph.real
        ? new GraphDeliveryProbe({
            client: w.graph.client,
            teamsAppId: config.appPackage.teamsAppId,
            logger,
          })
        : undefined,
    onSent: async (message) => {
      // Remember the alert card's activity id, so later updates can target it.
      const match = /^incident-alert\/((?:ENR|INC)-[0-9A-Z]+(?:-[0-9A-Z]+)?)$/.exec(message.id);
      if (match?.[1] && message.activityId) {
        await w.grouper.recordAlert(match[1], { activityId: message.activityId });
      }
      await w.hooks?.onSent?.(message);
    },
    ...(w.hooks?.onDeadLetter ? { onDeadLetter: w.hooks.onDeadLetter } : {}),
  };
  if (config.helpdesk.outboxBackend === 'azure-queue' && w.account) {
    // Required here rather than imported above: only a bot on Azure Queue Storage loads the SDK.
    const { AzureQueueOutbox } =
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('../outbox/azure-queue/store') as typeof AzureQueueModule;
    const outbox = new AzureQueueOutbox({
      ...options,
      storage: w.storage,
      account: w.account.queue,
      queueName: config.helpdesk.outboxQueueName,
    });
    logger.info({ backend: 'azure-queue', queue: outbox.name }, 'Helpdesk outbox');
    return outbox;
  }
  const outbox = new SqliteOutbox({ ...options, file: config.helpdesk.outboxPath });
  logger.info(
    { backend: 'sqlite', path: path.resolve(config.helpdesk.outboxPath) },
    'Helpdesk outbox',
  );
  return outbox;
}

/**
 * Who may act on alert cards and list tickets: members of HELPDESK_GROUP_ID (checked in Graph for
 * the acting user), or the bot's admins when it is not set. A failed check refuses.
 */
export function helpdeskMembership(
  config: Config,
  directory: DirectoryService,
  isAdmin: (id: string) => Promise<boolean>,
  logger: Logger,
): (aadObjectId: string | undefined) => Promise<boolean> {
  const groupId = config.helpdesk.groupId;
  return async (id) => {
    if (!id) return false;
    if (!groupId) return isAdmin(id);
    try {
      return (await directory.userGroupIds(id)).includes(groupId);
    } catch (err) {
      logger.warn({ err }, 'helpdesk membership check failed; refusing');
      return false;
    }
  };
}

/** How long the helpdesk group's member list is reused before asking Graph again. */
const CANDIDATES_TTL_MS = 5 * 60_000;

/**
 * The people a case can be reassigned to, for the card's searchable list: the users in
 * HELPDESK_GROUP_ID (nested groups included, at most 50), read from Graph at most every five
 * minutes. Undefined when no group is set (the admins are the helpdesk: the card asks for a name
 * instead). A failed read gives an empty list (the card asks for a name) and is tried again later.
 * Whoever is chosen is still checked on the server when the card is sent.
 */
export function helpdeskCandidates(
  config: Config,
  directory: DirectoryService,
  logger: Logger,
  now: () => number = () => Date.now(),
): (() => Promise<ReassignCandidate[]>) | undefined {
  const groupId = config.helpdesk.groupId;
  if (!groupId) return undefined;
  let cached: { at: number; list: ReassignCandidate[] } | undefined;
  return async () => {
    if (cached && now() - cached.at < CANDIDATES_TTL_MS) return cached.list;
    try {
      const users = await directory.listUserMembers(groupId, 50);
      cached = {
        at: now(),
        list: users.map((u) => ({
          aadObjectId: u.id,
          name: u.displayName,
          upn: u.userPrincipalName,
        })),
      };
    } catch (err) {
      logger.warn({ err }, 'could not list the helpdesk group; the card asks for a name instead');
      cached = { at: now() - CANDIDATES_TTL_MS + 30_000, list: [] };
    }
    return cached.list;
  };
}

/** The helpdesk channel set in configuration, as a conversation reference. */
export function configuredChannel(config: Config): ConversationRef | undefined {
  const channel = config.helpdesk.channel;
  return channel
    ? {
        serviceUrl: channel.serviceUrl,
        conversationId: channel.conversationId,
        teamId: channel.teamId,
        tenantId: config.graph.tenantId,
        channelId: 'msteams',
        conversationType: 'channel',
        isGroup: true,
      }
    : undefined;
}

/**
 * The optional poller that files Intune's own enrollment failure events like webhook reports
 * (one per event id), when HELPDESK_POLL_MINUTES is set. Undefined when it is off.
 */
export function createFailurePoller(
  config: Config,
  built: BuiltBot,
  client: Client,
  storage: StateStorage,
  logger: Logger,
): EnrollmentFailurePoller | undefined {
  if (config.helpdesk.pollIntervalMs <= 0) return undefined;
  return new EnrollmentFailurePoller({
    source: new GraphTroubleshootingEvents({ client, logger }),
    storage,
    logger,
    intervalMs: config.helpdesk.pollIntervalMs,
    onEvent: async (event) => {
      const report = reportFromEvent(event);
      if (!report) {
        logger.warn({ eventId: event.id }, 'Intune event lacks what a report needs; skipped');
        return;
      }
      await fileWebhookReport(built.helpdesk, built.admin.directory, report);
    },
  });
}
