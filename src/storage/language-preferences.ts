import { z } from 'zod';

import { LANGUAGES, type Language } from '../i18n/languages';

import type { Storage } from './state-storage';

/**
 * Which language each person wants, in the state storage (every instance shares it): the one
 * they chose (the `language` command or the welcome card; it wins over everything) and the one
 * they last clearly wrote in (so a card they click later answers in that language too).
 */
export const languagePreferenceSchema = z.object({
  chosen: z.enum(LANGUAGES).optional(),
  written: z.enum(LANGUAGES).optional(),
  /** ISO time of the last change. */
  updatedAt: z.string(),
});

/** What is stored for one person (without the time stamp). */
export type LanguagePreference = Omit<z.infer<typeof languagePreferenceSchema>, 'updatedAt'>;

const KEY_PREFIX = 'language-of/';

/** How long a read is reused on this instance: a choice made on another one shows within it. */
const CACHE_MS = 30_000;
const CACHE_ENTRIES = 5_000;

/**
 * Per-person language preferences. A read costs one storage read (then none for 30 seconds on
 * this instance); a write happens only when the preference changes.
 */
export class LanguagePreferences {
  private readonly cache = new Map<string, { at: number; value: LanguagePreference }>();

  public constructor(
    private readonly storage: Storage,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Entra object ids are GUIDs: one key whatever the case Teams or Graph spells them in. */
  private key(userId: string): string {
    return `${KEY_PREFIX}${userId.toLowerCase()}`;
  }

  /** The person's preference (empty when none is stored or the record is damaged). */
  public async get(id: string): Promise<LanguagePreference> {
    const userId = id.toLowerCase();
    const hit = this.cache.get(userId);
    if (hit && this.now().getTime() - hit.at < CACHE_MS) return hit.value;
    const key = this.key(userId);
    const parsed = languagePreferenceSchema.safeParse((await this.storage.read([key]))[key]);
    const value: LanguagePreference = parsed.success
      ? {
          ...(parsed.data.chosen ? { chosen: parsed.data.chosen } : {}),
          ...(parsed.data.written ? { written: parsed.data.written } : {}),
        }
      : {};
    this.keep(userId, value);
    return value;
  }

  /** Records the person's choice; `undefined` forgets it (back to automatic). */
  public async choose(userId: string, chosen: Language | undefined): Promise<void> {
    const before = await this.get(userId);
    const { chosen: _old, ...rest } = before;
    await this.put(userId, chosen ? { ...rest, chosen } : rest);
  }

  /** Records the language the person just wrote in, when it differs from what is stored. */
  public async wrote(userId: string, written: Language, known?: LanguagePreference): Promise<void> {
    const before = known ?? (await this.get(userId));
    if (before.written === written) return;
    await this.put(userId, { ...before, written });
  }

  private async put(userId: string, value: LanguagePreference): Promise<void> {
    const record = languagePreferenceSchema.parse({
      ...value,
      updatedAt: this.now().toISOString(),
    });
    // Last writer wins: a preference is the person's latest word, and only they change it.
    await this.storage.write({ [this.key(userId)]: { ...record, eTag: '*' } });
    this.keep(userId.toLowerCase(), value);
  }

  private keep(userId: string, value: LanguagePreference): void {
    this.cache.delete(userId);
    this.cache.set(userId, { at: this.now().getTime(), value });
    if (this.cache.size > CACHE_ENTRIES) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}
