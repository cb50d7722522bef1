/**
 * Reaching one person: the personal conversation with them, made possible first. A person who
 * already chatted with the bot has a stored personal conversation; anyone else gets the app
 * installed for them (Graph `users/{id}/teamwork/installedApps`, which needs
 * TeamsAppInstallation.ReadWriteForUser.All) and a personal conversation opened through the Bot
 * Connector (`POST /v3/conversations`), which Teams allows only once the app is installed. Both
 * steps are idempotent, so a retry after a crash repeats them harmlessly.
 */
import { GraphError } from '../graph/errors';
import type { TeamsAppInstaller } from '../graph/types';
import type { Logger } from '../logging';

import type { Campaign, CampaignConversation, UnreachableReason } from './model';

/** Opens (or finds) the bot's personal conversation with a user through the Bot Connector. */
export interface ConversationOpener {
  openPersonal(target: {
    serviceUrl: string;
    tenantId: string;
    botId: string;
    userAadObjectId: string;
  }): Promise<
    { ok: true; conversationId: string } | { ok: false; status?: number; message: string }
  >;
}

/** A personal conversation the bot already has with a user (from an earlier chat). */
export type KnownConversation = (
  userAadObjectId: string,
) => Promise<CampaignConversation | undefined>;

/** What reaching a person gave. */
export type ReachResult =
  | { ok: true; conversation: CampaignConversation }
  | { ok: false; reason: UnreachableReason; retry: boolean };

/** Opens conversations for a campaign. */
export interface PersonReacher {
  open(campaign: Campaign, userId: string): Promise<ReachResult>;
}

/** Options of {@link createPersonReacher}. */
export interface PersonReacherOptions {
  installer: TeamsAppInstaller;
  opener: ConversationOpener;
  known: KnownConversation;
  /** The Teams app's id in the manifest (`externalId` in the org catalog). */
  teamsAppId: string;
  /** The app's id in the tenant's catalog, when configured; else looked up (AppCatalog.Read.All). */
  catalogAppId?: string;
  logger: Logger;
}

/** The reacher the runner uses: stored conversation first, else install and open. */
export function createPersonReacher(options: PersonReacherOptions): PersonReacher {
  let catalogId: Promise<string | undefined> | undefined = options.catalogAppId
    ? Promise.resolve(options.catalogAppId)
    : undefined;
  const catalog = (): Promise<string | undefined> => {
    const pending =
      catalogId ??
      options.installer.catalogAppId(options.teamsAppId).catch((err: unknown) => {
        catalogId = undefined;
        throw err;
      });
    catalogId = pending;
    return pending;
  };
  return {
    async open(campaign, userId) {
      const known = await options.known(userId);
      if (known) return { ok: true, conversation: known };
      try {
        const appId = await catalog();
        if (!appId) {
          options.logger.warn(
            'the Teams app is not in the organisation catalog; people who never chatted with the bot cannot be reached',
          );
          return { ok: false, reason: 'install-refused', retry: true };
        }
        await options.installer.ensureInstalledForUser(userId, appId, options.teamsAppId);
      } catch (err) {
        return installFailure(err, options.logger);
      }
      const opened = await options.opener.openPersonal({
        serviceUrl: campaign.serviceUrl,
        tenantId: campaign.tenantId,
        botId: campaign.botId,
        userAadObjectId: userId,
      });
      if (!opened.ok) {
        options.logger.warn(
          { status: opened.status, message: opened.message },
          'could not open a personal conversation',
        );
        return {
          ok: false,
          reason: 'conversation-failed',
          retry: opened.status === undefined || opened.status >= 429,
        };
      }
      return {
        ok: true,
        conversation: {
          serviceUrl: campaign.serviceUrl,
          conversationId: opened.conversationId,
          tenantId: campaign.tenantId,
          botId: campaign.botId,
        },
      };
    },
  };
}

function installFailure(err: unknown, logger: Logger): ReachResult {
  if (err instanceof GraphError) {
    // 404: no such user, or no Teams for them (no licence); 403: the permission is missing or
    // a policy blocks the app for them. Throttling and outages are tried again later.
    if (err.details.reason === 'not_found') return { ok: false, reason: 'no-teams', retry: false };
    if (err.details.reason === 'forbidden') {
      logger.warn({ err }, 'installing the Teams app for a user was refused');
      return { ok: false, reason: 'install-refused', retry: true };
    }
  }
  logger.warn({ err }, 'installing the Teams app for a user failed; trying again later');
  return { ok: false, reason: 'install-refused', retry: true };
}
