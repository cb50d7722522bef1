import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import { z } from 'zod';

import { describeIssues, errorResponse, type CardActionRegistry } from '../actions/card-actions';
import { tr, turnLanguage } from '../i18n/turn-language';
import type { Logger } from '../logging';

import { newCorrelationId, turnErrorMessage, turnLogFields } from './adapter';

const invokeActionSchema = z.object({
  type: z.literal('Action.Execute'),
  verb: z.string().min(1).max(100),
  data: z.unknown().optional(),
});

/**
 * Dispatches an Action.Execute invoke to its verb's handler. Malformed payloads, unknown verbs and
 * invalid data get a 400 with a friendly message; a handler failure gets a 500 carrying a
 * correlation id that is also logged. Nothing is thrown to the adapter.
 */
export async function handleCardAction(
  ctx: TurnContext,
  value: AdaptiveCardInvokeValue,
  registry: CardActionRegistry,
  logger: Logger,
): Promise<AdaptiveCardInvokeResponse> {
  const log = logger.child({ module: 'card-actions' });
  const action = invokeActionSchema.safeParse(value?.action);
  if (!action.success) {
    return errorResponse(400, 'BadRequest', tr(ctx)('errors.cardMalformed'));
  }
  const handler = registry.get(action.data.verb);
  if (!handler) {
    log.info({ ...turnLogFields(ctx), verb: action.data.verb }, 'unknown card verb');
    return errorResponse(400, 'UnknownAction', tr(ctx)('errors.cardStale'));
  }
  const data = handler.schema.safeParse(action.data.data ?? {});
  if (!data.success) {
    log.info({ ...turnLogFields(ctx), verb: action.data.verb }, 'invalid card data');
    return errorResponse(
      400,
      'InvalidInput',
      tr(ctx)('errors.checkForm', { issues: describeIssues(data.error) }),
    );
  }
  try {
    return await handler.handle(ctx, data.data);
  } catch (err) {
    const correlationId = newCorrelationId();
    log.error(
      { ...turnLogFields(ctx), verb: action.data.verb, correlationId, err },
      'card action failed',
    );
    return errorResponse(
      500,
      'InternalError',
      turnErrorMessage(correlationId, turnLanguage(ctx).lang),
    );
  }
}
