import type { StateStorage } from './state-storage';
import { updateDocument } from './update-document';

/**
 * The parts of a Bot Framework conversation reference the bot needs to message a conversation
 * later (proactively). Structurally compatible with botbuilder's `Partial<ConversationReference>`.
 */
export interface StoredConversationReference {
  activityId?: string;
  user?: { id: string; name?: string; aadObjectId?: string };
  bot?: { id: string; name?: string };
  conversation: {
    id: string;
    conversationType?: string;
    tenantId?: string;
    isGroup?: boolean;
    name?: string;
  };
  channelId?: string;
  serviceUrl?: string;
  locale?: string;
}

/** What the store keeps per conversation. */
export interface ConversationRecord {
  reference: StoredConversationReference;
  firstSeen: string;
  lastSeen: string;
}

const KEY_PREFIX = 'conversation/';
const PERSONAL_PREFIX = 'conversation-of/';

/** The bot's personal chat with one person, by their Entra object id. */
export interface PersonalConversation {
  conversationId: string;
  serviceUrl: string;
  tenantId?: string;
  botId?: string;
  at: string;
}
const MAX_CACHED = 10_000;

/**
 * Durable record of every conversation the bot has been part of, so later features (helpdesk
 * alerts, notifying reporters) can post to it after a restart. It writes only when a conversation
 * is new or its service URL changed; an in-process set remembers what is already stored, which
 * keeps ordinary turns free of storage writes.
 */
export class ConversationStore {
  private readonly known = new Map<string, string>();

  public constructor(
    private readonly storage: StateStorage,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Stores the reference if it is new or its service URL changed. Returns true when it wrote. */
  public async remember(reference: StoredConversationReference): Promise<boolean> {
    const id = reference.conversation.id;
    const serviceUrl = reference.serviceUrl ?? '';
    if (this.known.get(id) === serviceUrl) {
      return false;
    }
    const timestamp = this.now().toISOString();
    const { changed } = await updateDocument<ConversationRecord>(
      this.storage,
      KEY_PREFIX + id,
      (existing) =>
        existing && existing.reference.serviceUrl === reference.serviceUrl
          ? null
          : {
              reference: { ...reference, activityId: undefined },
              firstSeen: existing?.firstSeen ?? timestamp,
              lastSeen: timestamp,
            },
    );
    const user = reference.user?.aadObjectId;
    const personal =
      reference.conversation.conversationType === 'personal' ||
      (reference.conversation.conversationType === undefined &&
        reference.conversation.isGroup === false);
    if (personal && user) {
      // The personal chat by person, so a campaign can reach someone who chatted before. Read
      // once per conversation per process (the cache below), written only when it changed.
      await updateDocument<PersonalConversation>(
        this.storage,
        PERSONAL_PREFIX + user.toLowerCase(),
        (existing) =>
          existing?.conversationId === id && existing.serviceUrl === serviceUrl
            ? null
            : {
                conversationId: id,
                serviceUrl,
                tenantId: reference.conversation.tenantId,
                botId: reference.bot?.id,
                at: timestamp,
              },
      );
    }
    this.cache(id, serviceUrl);
    return changed;
  }

  /** The bot's personal chat with a person (Entra object id), when they have chatted before. */
  public async personalFor(aadObjectId: string): Promise<PersonalConversation | undefined> {
    const key = PERSONAL_PREFIX + aadObjectId.toLowerCase();
    const item = (await this.storage.read([key]))[key] as
      (PersonalConversation & { eTag?: string }) | undefined;
    if (!item || typeof item.conversationId !== 'string' || typeof item.serviceUrl !== 'string') {
      return undefined;
    }
    const { eTag: _eTag, ...record } = item;
    return record;
  }

  /** The stored record for a conversation, or undefined when the bot has never seen it. */
  public async get(conversationId: string): Promise<ConversationRecord | undefined> {
    const key = KEY_PREFIX + conversationId;
    const item = (await this.storage.read([key]))[key] as
      (ConversationRecord & { eTag?: string }) | undefined;
    if (!item) {
      return undefined;
    }
    const { eTag: _eTag, ...record } = item;
    return record;
  }

  private cache(id: string, serviceUrl: string): void {
    if (this.known.size >= MAX_CACHED) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) {
        this.known.delete(oldest);
      }
    }
    this.known.set(id, serviceUrl);
  }
}
