import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import { z } from 'zod';

import { ADAPTIVE_CARD_CONTENT_TYPE, type RenderedCard } from '../cards/render';
import type { Logger } from '../logging';

import { newCorrelationId, turnErrorMessage, turnLogFields } from './adapter';

/**
 * Handles one Action.Execute verb. `schema` parses `action.data` before `handle` sees it, so a
 * handler only ever gets well-typed input. Identity comes from `ctx.activity.from`, never from
 * `data`.
 */
export interface CardActionHandler<TData> {
  readonly schema: z.ZodType<TData>;
  handle(ctx: TurnContext, data: TData): Promise<AdaptiveCardInvokeResponse>;
}

/** Verb → handler. Verbs are the dotted constants in src/cards/verbs.ts. */
export type CardActionRegistry = ReadonlyMap<string, CardActionHandler<unknown>>;

/** Registers a typed handler in a registry under construction. */
export function registerCardAction<TData>(
  registry: Map<string, CardActionHandler<unknown>>,
  verb: string,
  handler: CardActionHandler<TData>,
): void {
  if (registry.has(verb)) {
    throw new Error(`Card action verb registered twice: ${verb}`);
  }
  registry.set(verb, handler);
}

/** Invoke response that replaces the card in place. */
export function cardResponse(card: RenderedCard): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card.attachment.content };
}

/** Invoke response that shows a short message and leaves the card as it is. */
export function messageResponse(text: string): AdaptiveCardInvokeResponse {
  return {
    statusCode: 200,
    type: 'application/vnd.microsoft.activity.message',
    // botbuilder types `value` as an object; Teams expects the message as a plain string here.
    value: text as unknown as Record<string, unknown>,
  };
}

/** Invoke error response (`application/vnd.microsoft.error`) with a message fit for users. */
export function errorResponse(
  statusCode: 400 | 403 | 404 | 409 | 500,
  code: string,
  message: string,
): AdaptiveCardInvokeResponse {
  return { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } };
}

const invokeActionSchema = z.object({
  type: z.literal('Action.Execute'),
  verb: z.string().min(1).max(100),
  data: z.unknown().optional(),
});

/** Turns zod issues into one short line per field, without echoing the submitted values. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || 'form'}: ${i.message}`)
    .join('; ');
}

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
