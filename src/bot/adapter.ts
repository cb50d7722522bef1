import { randomUUID } from 'node:crypto';

import {
  type Activity,
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';

import type { BotAuthConfig } from '../config/env';
import { asAppError } from '../errors';
import { translator } from '../i18n/catalogue';
import type { Language } from '../i18n/languages';
import { turnLanguage } from '../i18n/turn-language';
import type { Logger } from '../logging';
import { inDependency } from '../telemetry/instruments';
import { withoutBidiControls } from '../unicode';

import { CachedConnectorsAuthentication } from './connector-cache';

/** Short id a user can quote to the helpdesk; the same id is in the error log line. */
export function newCorrelationId(): string {
  return randomUUID().replace(/-/g, '').slice(0, 8);
}

/** The apology users see when a turn fails. It carries the correlation id and nothing else. */
export function turnErrorMessage(correlationId: string, lang: Language = 'en'): string {
  return translator(lang)('errors.turnFailed', { reference: correlationId });
}

/** Ids worth logging for a turn; never the message text or card values. */
export function turnLogFields(ctx: TurnContext): Record<string, unknown> {
  const a = ctx.activity;
  return {
    activityId: a.id,
    activityType: a.type,
    activityName: a.name,
    conversationId: a.conversation?.id,
    conversationType: a.conversation?.conversationType,
    tenantId: a.conversation?.tenantId,
    userAadObjectId: a.from?.aadObjectId,
  };
}

/**
 * CloudAdapter with `processActivity` public, so the HTTP layer can run an already-parsed activity
 * and map authentication failures itself (CloudAdapter.process would console.error them).
 */
export class BotAdapter extends CloudAdapter {
  /** Authenticates the request's Authorization header, then runs `logic` for the activity. */
  public async processIncoming(
    authHeader: string,
    activity: Activity,
    logic: (ctx: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** The HTTP status of a failed Bot Connector call, when the error carries one. */
function statusOf(err: unknown): number | undefined {
  const status = (err as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Middleware: no reply or card update of a turn (invoke responses with their cards included)
 * carries a bidirectional override, whatever text went into it. Cards and escaped text are
 * already clean (src/cards); this is the last step before the Bot Connector.
 */
async function withoutBidiOverrides(ctx: TurnContext, next: () => Promise<void>): Promise<void> {
  ctx.onSendActivities((_ctx, activities, sendNext) => {
    activities.forEach((activity, i) => {
      activities[i] = withoutBidiControls(activity);
    });
    return sendNext();
  });
  ctx.onUpdateActivity((_ctx, activity, updateNext) => {
    const clean = withoutBidiControls(activity);
    if (clean !== activity) Object.assign(activity, clean);
    return updateNext();
  });
  await next();
}

/**
 * Middleware: each reply, card update and delete that a turn makes through the Bot Connector is
 * a dependency in telemetry (no-op when telemetry is off).
 */
async function recordConnectorCalls(ctx: TurnContext, next: () => Promise<void>): Promise<void> {
  const call = <T>(method: string, route: string, send: () => Promise<T>): Promise<T> =>
    inDependency('bot_connector', method, route, async (report) => {
      try {
        const result = await send();
        report(200);
        return result;
      } catch (err) {
        report(statusOf(err));
        throw err;
      }
    });
  ctx.onSendActivities((_ctx, activities, sendNext) =>
    // Typing indicators and invoke responses never reach the connector as calls worth a record.
    activities.some((a) => a.type === ActivityTypes.Message)
      ? call('POST', 'activities', sendNext)
      : sendNext(),
  );
  ctx.onUpdateActivity((_ctx, _activity, updateNext) => call('PUT', 'activity', updateNext));
  ctx.onDeleteActivity((_ctx, _reference, deleteNext) => call('DELETE', 'activity', deleteNext));
  await next();
}

/**
 * Builds the one CloudAdapter for the process. Bot Framework auth comes from config: with an app
 * id, every request must carry a valid Bot Framework token (401 otherwise); without one the
 * adapter runs unauthenticated, which is only for the local Agents Playground.
 * `onTurnError` logs the failure with a correlation id and tells the user that id, never the
 * error itself.
 */
export function createAdapter(auth: BotAuthConfig, logger: Logger): BotAdapter {
  const adapter = new BotAdapter(
    new CachedConnectorsAuthentication(new ConfigurationBotFrameworkAuthentication({ ...auth })),
  );
  const log = logger.child({ module: 'adapter' });
  adapter.use(withoutBidiOverrides);
  adapter.use(recordConnectorCalls);

  adapter.onTurnError = async (ctx: TurnContext, error: Error): Promise<void> => {
    const correlationId = newCorrelationId();
    const appError = asAppError(error);
    log.error(
      { ...turnLogFields(ctx), correlationId, code: appError.code, err: error },
      'turn failed',
    );
    if (ctx.activity.type === (ActivityTypes.Invoke as string)) {
      // An invoke gets its answer as the HTTP body; a chat message would appear out of place.
      await ctx.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: {
          status: 200,
          body: {
            statusCode: 500,
            type: 'application/vnd.microsoft.error',
            value: {
              code: 'InternalError',
              message: turnErrorMessage(correlationId, turnLanguage(ctx).lang),
            },
          },
        },
      });
      return;
    }
    try {
      await ctx.sendActivity(turnErrorMessage(correlationId, turnLanguage(ctx).lang));
    } catch (sendError) {
      log.error({ correlationId, err: sendError }, 'could not send the error apology');
    }
  };
  return adapter;
}
