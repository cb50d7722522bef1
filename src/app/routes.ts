import type restify from 'restify';

import type { Config } from '../config/env';
import { wellKnownResponse } from '../discovery/hosting';
import { fileWebhookReport } from '../flows/helpdesk/webhook-intake';
import { handleEnrollmentFailureHttp, TokenBucketLimiter } from '../helpdesk';
import type { Logger } from '../logging';
import type { StateStorage } from '../storage/state-storage';

import type { BuiltBot } from './build-bot';

/** Signed enrollment failure reports from scripts and automation (only when WEBHOOK_SECRET is set). */
export const ENROLLMENT_FAILURES_PATH = '/api/enrollment-failures';

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
    if (config.serviceDiscoveryHosting) {
      server.get('/.well-known/com.apple.remotemanagement', (_req, res, next) => {
        res.writeHead(discoveryFile.status, discoveryFile.headers);
        res.end(discoveryFile.body);
        return next();
      });
    }
  };
}
