import { z } from 'zod';

import type { Storage } from './state-storage';

/**
 * What the bot remembers of a chat with one person for a while (CONVERSATION_MEMORY_MINUTES):
 * the device, OS version and ownership they mentioned, the error text they pasted, and whether
 * the guide is waiting for their device details. It prefills the guide and the report form, so
 * nobody is asked twice for what they already said. Nothing else is kept; it expires on its own.
 */
export const rememberedSchema = z.object({
  device: z.enum(['iPhone', 'iPad']).optional(),
  /** As the person wrote it, e.g. "iPhone 13 mini" (60 characters at most). */
  deviceModel: z.string().max(60).optional(),
  /** "17.4.1". */
  osVersion: z.string().max(10).optional(),
  ownership: z.enum(['personal', 'company']).optional(),
  /** The message on screen they pasted or quoted (300 characters at most). */
  errorText: z.string().max(300).optional(),
  /** The guide asked for device details; a message with them continues the guide. */
  guidePending: z.boolean().optional(),
  /** ISO time of the last change; the memory is ignored once it is older than the window. */
  updatedAt: z.string(),
});

/** What is remembered. */
export type Remembered = z.infer<typeof rememberedSchema>;

/** The facts that can be remembered (everything but the time stamp). */
export type RememberedFacts = Omit<Remembered, 'updatedAt'>;

const KEY_PREFIX = 'memory/';

/** Who is remembered: the chat and the person in it (from the authenticated activity). */
export interface MemoryOwner {
  conversationId: string;
  userId: string;
}

/**
 * Short-lived memory per chat and person, in the state storage (so every instance shares it).
 * A read costs one storage read; a write happens only when something new was said.
 */
export class ConversationMemory {
  public constructor(
    private readonly storage: Storage,
    /** How long a memory lasts; 0 remembers nothing. */
    private readonly ttlMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private key(owner: MemoryOwner): string {
    return `${KEY_PREFIX}${owner.conversationId}/${owner.userId}`;
  }

  /** What is remembered, or an empty memory when nothing is (or it expired, or is damaged). */
  public async recall(owner: MemoryOwner): Promise<RememberedFacts> {
    if (this.ttlMs <= 0) return {};
    const key = this.key(owner);
    const parsed = rememberedSchema.safeParse((await this.storage.read([key]))[key]);
    if (!parsed.success) return {};
    const age = this.now().getTime() - Date.parse(parsed.data.updatedAt);
    if (!(age >= 0 && age <= this.ttlMs)) return {};
    const { updatedAt: _at, ...facts } = parsed.data;
    return facts;
  }

  /**
   * Adds what was just said to what is remembered (undefined fields leave the old value) and
   * writes only when something changed. Returns the merged memory.
   */
  public async remember(
    owner: MemoryOwner,
    update: RememberedFacts,
    known?: RememberedFacts,
  ): Promise<RememberedFacts> {
    if (this.ttlMs <= 0) return {};
    const before = known ?? (await this.recall(owner));
    const merged: RememberedFacts = { ...before };
    for (const [k, v] of Object.entries(update) as [keyof RememberedFacts, unknown][]) {
      if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
    }
    const changed = (Object.keys(merged) as (keyof RememberedFacts)[]).some(
      (k) => merged[k] !== before[k],
    );
    if (changed) {
      const record = rememberedSchema.parse({ ...merged, updatedAt: this.now().toISOString() });
      // Last writer wins, on purpose: memory is a convenience, never a source of truth, and a
      // turn that already read it (`known`) writes without reading again. The one blind write
      // in the bot; every other change goes through updateDocument.
      await this.storage.write({ [this.key(owner)]: { ...record, eTag: '*' } });
    }
    return merged;
  }

  /** Forgets everything about this chat and person. */
  public async forget(owner: MemoryOwner): Promise<void> {
    await this.storage.delete([this.key(owner)]);
  }
}
