import { randomUUID } from 'node:crypto';

import type { StateStorage } from './state-storage';
import { updateDocument } from './update-document';

/** Who did something, from the authenticated activity. */
export interface AuditActor {
  aadObjectId: string;
  name: string;
}

/** One recorded change. */
export interface AuditEntry {
  id: string;
  at: string;
  actor: AuditActor;
  action:
    | 'profile.create'
    | 'profile.update'
    | 'profile.delete'
    | 'profile.reorder'
    | 'assignment.add'
    | 'assignment.remove'
    | 'answer.propose'
    | 'answer.edit'
    | 'answer.publish'
    | 'answer.withdraw'
    | 'answer.discard'
    | 'campaign.start'
    | 'campaign.pause'
    | 'campaign.resume'
    | 'campaign.end';
  /** What was changed: a profile, or an answer written by the IT team (name: its title). */
  target: { type: 'profile' | 'answer' | 'campaign'; id: string; name: string };
  before?: unknown;
  after?: unknown;
  /** Graph's request-id and date for the call that made the change. */
  requestId?: string;
  graphDate?: string;
  /** True when the change was made in the local sandbox, not a real tenant. */
  sandbox: boolean;
}

const RECENT_KEY = 'audit/recent';
const ENTRY_PREFIX = 'audit/entry/';
const RECENT_MAX = 200;

/**
 * Durable audit trail of every change admins make. Each entry is written on its own
 * (`audit/entry/<id>`, never trimmed) and appended to a bounded recent list (`audit/recent`)
 * through {@link updateDocument}, so several bot instances can append safely.
 */
export class AuditLog {
  public constructor(
    private readonly storage: StateStorage,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Records one change and returns the stored entry. */
  public async record(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<AuditEntry> {
    const full: AuditEntry = { ...entry, id: randomUUID(), at: this.now().toISOString() };
    await this.storage.writeNew({ [ENTRY_PREFIX + full.id]: full });
    await updateDocument<{ entries: AuditEntry[] }>(this.storage, RECENT_KEY, (current) => ({
      entries: [full, ...(current?.entries ?? [])].slice(0, RECENT_MAX),
    }));
    return full;
  }

  /** The most recent entries, newest first. */
  public async recent(limit = 20): Promise<AuditEntry[]> {
    const current = (await this.storage.read([RECENT_KEY]))[RECENT_KEY] as
      { entries: AuditEntry[] } | undefined;
    return (current?.entries ?? []).slice(0, limit);
  }
}
