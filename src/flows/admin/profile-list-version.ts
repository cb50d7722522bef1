/**
 * The version of the profile list as this bot last changed it. Every list card carries the
 * version it was drawn at; a change from a card (Move, Delete) wins only when its version is still
 * current at the moment of a conditional write that bumps it, so of any number of concurrent
 * clicks on one list (the same button or different ones) exactly one changes Intune and writes
 * the audit log. Changes the bot makes elsewhere (the wizard) bump it too, so older list cards
 * are recognised as out of date. Changes made outside the bot (the Intune admin center) are
 * caught by the position check of each action instead.
 */
import type { StateStorage } from '../../storage/state-storage';
import { updateDocument } from '../../storage/update-document';

const KEY = 'admin/profile-list';

interface ListVersion {
  version: number;
}

/** The current version (0 before the first change). */
export async function currentListVersion(storage: StateStorage): Promise<number> {
  const doc = (await storage.read([KEY]))[KEY] as ListVersion | undefined;
  return doc?.version ?? 0;
}

/**
 * Claims the change a card asks for: true when `seen` (the card's version) is still current, in
 * which case the version is bumped in the same conditional write. False for an older card, a
 * replay, or every click but the first of a burst.
 */
export async function claimListChange(
  storage: StateStorage,
  seen: number | undefined,
): Promise<boolean> {
  if (seen === undefined) return false;
  const { changed } = await updateDocument<ListVersion>(storage, KEY, (cur) =>
    (cur?.version ?? 0) === seen ? { version: seen + 1 } : null,
  );
  return changed;
}

/** Marks the list changed (after a change the wizard made). */
export async function bumpListVersion(storage: StateStorage): Promise<void> {
  await updateDocument<ListVersion>(storage, KEY, (cur) => ({ version: (cur?.version ?? 0) + 1 }));
}
