/**
 * The vocabulary of card actions that flows and the bot share: a handler per Action.Execute verb,
 * how to register one, and the invoke responses a handler returns. It sits below flows (flows
 * never import the bot), and the bot's dispatcher (src/bot/card-actions.ts) runs the handlers.
 */
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import type { z } from 'zod';

import { ADAPTIVE_CARD_CONTENT_TYPE, type RenderedCard } from '../cards/render';

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

/** Turns zod issues into one short line per field, without echoing the submitted values. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || 'form'}: ${i.message}`)
    .join('; ');
}
