import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import { z } from 'zod';

import { describeIssues, errorResponse, type CardActionRegistry } from '../actions/card-actions';
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
    return errorResponse(400, 'BadRequest', 'That card action was not in a form I understand.');
  }
  const handler = registry.get(action.data.verb);
  if (!handler) {
    log.info({ ...turnLogFields(ctx), verb: action.data.verb }, 'unknown card verb');
    return errorResponse(
      400,
      'UnknownAction',
      'That button belongs to an older card and no longer works. Nothing was changed. Type **help** to start again.',
    );
  }
  const data = handler.schema.safeParse(action.data.data ?? {});
  if (!data.success) {
    log.info({ ...turnLogFields(ctx), verb: action.data.verb }, 'invalid card data');
    return errorResponse(
      400,
      'InvalidInput',
      `Please check the form: ${describeIssues(data.error)}`,
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
    return errorResponse(500, 'InternalError', turnErrorMessage(correlationId));
  }
}
