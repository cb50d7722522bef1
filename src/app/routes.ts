import type restify from 'restify';

import { keys, type Campaign } from '../campaigns/model';
import type { CampaignStore } from '../campaigns/store';
import { exportCsv } from '../campaigns/summary';
import type { Config } from '../config/env';
import { wellKnownResponse } from '../discovery/hosting';
import { fileWebhookReport } from '../flows/helpdesk/webhook-intake';
import { handleEnrollmentFailureHttp, TokenBucketLimiter } from '../helpdesk';
import type { Logger } from '../logging';
import type { StateStorage } from '../storage/state-storage';

import type { BuiltBot } from './build-bot';

/** Signed enrollment failure reports from scripts and automation (only when WEBHOOK_SECRET is set). */
export const ENROLLMENT_FAILURES_PATH = '/api/enrollment-failures';

/** Where an admin downloads a campaign's CSV, with a one-time token (see campaign export). */
export const CAMPAIGN_EXPORT_PATH = '/api/campaigns/export/';

/** Where the bot serves the service discovery file for download. */
export const SERVICE_DISCOVERY_DOWNLOAD_PATH = '/api/service-discovery-file';

/**
 * The HTTP routes beside /api/messages: the signed failure-report webhook (when a secret is
 * set), the service discovery file download, and, when the bot hosts it, the well-known path.
 */
export function extraRoutes(
  config: Config,
  built: BuiltBot,
  storage: StateStorage,
  logger: Logger,
): (server: restify.Server) => void {
  const webhookSecret = config.helpdesk.webhookSecret;
  const webhookLimiter = new TokenBucketLimiter();
  const discoveryFile = wellKnownResponse(config.graph.cloud, config.graph.tenantId);
  return (server) => {
    if (webhookSecret) {
      server.post(ENROLLMENT_FAILURES_PATH, async (req, res) => {
        const result = await handleEnrollmentFailureHttp(req, {
          secret: webhookSecret,
          replayStore: storage,
          rateLimiter: webhookLimiter,
          logger,
          accept: (report) => fileWebhookReport(built.helpdesk, built.admin.directory, report),
        });
        res.writeHead(result.status, {
          'Content-Type': 'application/json; charset=utf-8',
          ...result.headers,
        });
        res.end(JSON.stringify(result.body));
      });
    }
    server.get(SERVICE_DISCOVERY_DOWNLOAD_PATH, (_req, res, next) => {
      res.writeHead(200, {
        ...discoveryFile.headers,
        'Content-Disposition': 'attachment; filename="com.apple.remotemanagement"',
      });
      res.end(discoveryFile.body);
      return next();
    });
    server.get(`${CAMPAIGN_EXPORT_PATH}:token`, async (req, res) => {
      const raw = (req.params as { token?: unknown }).token;
      const token = typeof raw === 'string' ? raw : '';
      const campaigns = built.campaigns?.campaigns;
      const found = campaigns ? await exportFor(campaigns, storage, token) : undefined;
      if (!found || !campaigns) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(
          'This download link has expired or does not exist. Ask the bot for a new one: campaign export.',
        );
        return;
      }
      const fileName =
        found.name
          .replace(/[^A-Za-z0-9 ._-]+/g, '')
          .trim()
          .slice(0, 60) || 'campaign';
      res.writeHead(200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${fileName}.csv"`,
        'Cache-Control': 'no-store',
      });
      try {
        for await (const chunk of exportCsv(campaigns, found)) {
          if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
        }
      } catch (err) {
        logger.error({ err }, 'campaign export failed half-way');
      }
      res.end();
    });
    if (config.serviceDiscoveryHosting) {
      server.get('/.well-known/com.apple.remotemanagement', (_req, res, next) => {
        res.writeHead(discoveryFile.status, discoveryFile.headers);
        res.end(discoveryFile.body);
        return next();
      });
    }
  };
}

/** The campaign a live export token is for (tokens last 15 minutes; the token is the secret). */
async function exportFor(
  campaigns: CampaignStore,
  storage: StateStorage,
  token: string,
): Promise<Campaign | undefined> {
  if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return undefined;
  const item = (await storage.read([keys.exportToken(token)]))[keys.exportToken(token)] as
    { campaignId?: unknown; expires?: unknown } | undefined;
  if (!item || typeof item.campaignId !== 'string' || typeof item.expires !== 'number')
    return undefined;
  if (item.expires < Date.now()) return undefined;
  return campaigns.get(item.campaignId);
}
