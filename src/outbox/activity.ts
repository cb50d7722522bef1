/**
 * Activities and conversations as the outbox sees them: the stamp that lets a delivery probe
 * recognise a post, and the conversion from a Bot Framework conversation reference.
 */
import { isRecord } from './policy';
import type { ConversationRef } from './types';

/** The id of the hidden card element that carries an outbox id (see {@link stampActivity}). */
export function outboxStampId(outboxId: string): string {
  return `outbox:${outboxId}`;
}

/**
 * Marks an activity with its outbox id so a {@link DeliveryProbe} can recognise it later:
 * `channelData.outboxId` (visible to the connector and tests) and, because Graph does not return
 * `channelData`, an invisible element `{ "id": "outbox:<id>", "isVisible": false }` at the end of
 * every Adaptive Card attachment's body (Graph returns a card's JSON in
 * `chatMessage.attachments[].content`). Text-only activities are found by their text instead.
 * Returns a copy; the input is not changed.
 */
export function stampActivity(
  activity: Record<string, unknown>,
  outboxId: string,
): Record<string, unknown> {
  const stamped: Record<string, unknown> = {
    ...activity,
    channelData: {
      ...(isRecord(activity.channelData) ? activity.channelData : {}),
      outboxId,
    },
  };
  if (Array.isArray(activity.attachments)) {
    stamped.attachments = activity.attachments.map((attachment: unknown) => {
      if (
        !isRecord(attachment) ||
        attachment.contentType !== 'application/vnd.microsoft.card.adaptive' ||
        !isRecord(attachment.content) ||
        !Array.isArray(attachment.content.body)
      ) {
        return attachment;
      }
      const body = attachment.content.body as unknown[];
      return {
        ...attachment,
        content: {
          ...attachment.content,
          body: [
            ...body,
            { type: 'TextBlock', id: outboxStampId(outboxId), text: ' ', isVisible: false },
          ],
        },
      };
    });
  }
  return stamped;
}

/**
 * Converts a Bot Framework ConversationReference (as `TurnContext.getConversationReference`
 * returns it) to a {@link ConversationRef}. Structural, so this folder needs no botbuilder import.
 */
export function toConversationRef(reference: {
  serviceUrl?: string;
  channelId?: string;
  conversation?: { id?: string; tenantId?: string; conversationType?: string; isGroup?: boolean };
  bot?: { id?: string; name?: string };
  user?: { id?: string; name?: string; aadObjectId?: string };
}): ConversationRef {
  if (!reference.serviceUrl || !reference.conversation?.id) {
    throw new TypeError('A conversation reference needs serviceUrl and conversation.id');
  }
  const ref: ConversationRef = {
    serviceUrl: reference.serviceUrl,
    conversationId: reference.conversation.id,
  };
  if (reference.conversation.tenantId) ref.tenantId = reference.conversation.tenantId;
  if (reference.channelId) ref.channelId = reference.channelId;
  if (reference.conversation.conversationType) {
    ref.conversationType = reference.conversation.conversationType;
  }
  if (reference.conversation.isGroup !== undefined) ref.isGroup = reference.conversation.isGroup;
  if (reference.bot?.id) ref.bot = { id: reference.bot.id, name: reference.bot.name };
  if (reference.user?.id) {
    ref.user = {
      id: reference.user.id,
      name: reference.user.name,
      aadObjectId: reference.user.aadObjectId,
    };
  }
  return ref;
}
