/**
 * The Azure Queue store's documents in StateStorage (the Blob container the instances share),
 * all under `outbox/<queue>/`:
 * - `msg/<sha256(id)>`: one document per message (state, attempts, activity id, last error…).
 *   Created with `writeNew`, so `enqueue` is idempotent by id; changed only through
 *   {@link updateDocument}.
 * - `lane/<sha256(conversation)>`: the conversation's LANE, which keeps the order: the ids of its
 *   active messages in enqueue order (the head is the only one that may be sent) and `pointer`,
 *   the id of the one queue message that stands for the lane.
 * - `lanes`: the conversations whose lanes have work (for `whenIdle`, `stats` and the sweep);
 *   `dead`: the dead letters (for `listDead`); `rate/…`: the shared rate-limit logs.
 */
import { createHash } from 'node:crypto';

import type { StateStorage, StoreItems } from '../../storage/state-storage';
import { updateDocument } from '../../storage/update-document';
import type {
  ConversationRef,
  OutboxKind,
  OutboxMessage,
  OutboxMessageInput,
  OutboxState,
} from '../types';

/** A message document. */
export interface MessageDoc {
  id: string;
  convKey: string;
  rateKey: string;
  kind: OutboxKind;
  conversation: ConversationRef;
  activity: Record<string, unknown>;
  targetActivityId?: string;
  targetOutboxId?: string;
  state: OutboxState;
  attempts: number;
  /** Ambiguous attempts so far (0 = certain). */
  uncertain: number;
  notBefore: number;
  createdAt: number;
  updatedAt: number;
  activityId?: string;
  sentAt?: number;
  lastStatus?: number;
  lastError?: string;
}

/** One active message in a lane. */
export interface LaneEntry {
  id: string;
  kind: OutboxKind;
  /** `targetOutboxId|targetActivityId`, for superseding updates of the same card. */
  target: string;
}

/** A conversation's lane. */
export interface LaneDoc {
  conv: string;
  entries: LaneEntry[];
  /** The queue message that stands for this lane while it has work. */
  pointer?: { id: string; since: number };
  /** The last pointers swapped out, so one surfacing after a crash is recognised and deleted. */
  retired: string[];
  /** Last write, for the stuck-lane sweep. */
  touched: number;
}

interface LanesDoc {
  convs: string[];
}

interface DeadDoc {
  ids: string[];
}

export const TERMINAL: ReadonlySet<OutboxState> = new Set<OutboxState>([
  'sent',
  'dead',
  'superseded',
]);
/** Retired pointer ids a lane remembers. */
export const RETIRED_KEPT = 8;
const DEAD_KEPT = 5000;
/** Lanes read per storage call. */
const READ_BATCH = 50;

/** The store's documents under one prefix. */
export class OutboxDocuments {
  public constructor(
    private readonly storage: StateStorage,
    private readonly prefix: string,
  ) {}

  /** Creates a message document; rejects with StorageConflictError when the id exists. */
  public async create(doc: MessageDoc): Promise<void> {
    await this.storage.writeNew({ [this.msgKey(doc.id)]: doc });
  }

  public async readMessage(id: string): Promise<MessageDoc | undefined> {
    const doc = await this.read<MessageDoc>(this.msgKey(id));
    return doc && doc.id === id ? doc : undefined;
  }

  /**
   * Changes an existing message document (never creates one): `mutate` returns the new document
   * or null for "leave it". Resolves the stored document, and whether this call changed it.
   */
  public async updateMessage(
    id: string,
    mutate: (current: MessageDoc) => MessageDoc | null,
  ): Promise<{ doc: MessageDoc | undefined; changed: boolean }> {
    const result = await updateDocument<MessageDoc>(this.storage, this.msgKey(id), (d) =>
      d && d.id === id ? mutate(d) : null,
    );
    const doc = result.value && result.value.id === id ? result.value : undefined;
    return { doc, changed: result.changed };
  }

  public readLane(conv: string): Promise<LaneDoc | undefined> {
    return this.read<LaneDoc>(this.laneKey(conv));
  }

  /** Read → change → conditional write of a lane (null from `mutate`: leave it). */
  public async updateLane(
    conv: string,
    mutate: (lane: LaneDoc | undefined) => LaneDoc | null,
  ): Promise<LaneDoc | undefined> {
    return (await updateDocument<LaneDoc>(this.storage, this.laneKey(conv), mutate)).value;
  }

  public async removeFromLane(conv: string, id: string, now: number): Promise<void> {
    await this.updateLane(conv, (lane) =>
      lane?.entries.some((e) => e.id === id)
        ? { ...lane, entries: lane.entries.filter((e) => e.id !== id), touched: now }
        : null,
    );
  }

  public async indexLane(conv: string): Promise<void> {
    await updateDocument<LanesDoc>(this.storage, this.lanesKey(), (index) =>
      index?.convs.includes(conv) ? null : { convs: [...(index?.convs ?? []), conv] },
    );
  }

  /** Drops an idle lane from the index, and puts it back if work arrived meanwhile. */
  public async unindexLane(conv: string): Promise<void> {
    await updateDocument<LanesDoc>(this.storage, this.lanesKey(), (index) =>
      index?.convs.includes(conv) ? { convs: index.convs.filter((c) => c !== conv) } : null,
    );
    const lane = await this.readLane(conv);
    if (lane && (lane.entries.length > 0 || lane.pointer)) await this.indexLane(conv);
  }

  /** Every indexed lane. */
  public async readLanes(): Promise<LaneDoc[]> {
    const convs = (await this.read<LanesDoc>(this.lanesKey()))?.convs ?? [];
    const lanes: LaneDoc[] = [];
    for (let i = 0; i < convs.length; i += READ_BATCH) {
      const keys = convs.slice(i, i + READ_BATCH).map((c) => this.laneKey(c));
      const items: StoreItems = await this.storage.read(keys);
      for (const key of keys) {
        const lane = items[key] as LaneDoc | undefined;
        if (lane) lanes.push(lane);
      }
    }
    return lanes;
  }

  /** The dead letters' ids, oldest first. */
  public async deadIds(): Promise<string[]> {
    return (await this.read<DeadDoc>(this.deadKey()))?.ids ?? [];
  }

  public async addDead(id: string): Promise<void> {
    await updateDocument<DeadDoc>(this.storage, this.deadKey(), (dead) =>
      dead?.ids.includes(id) ? null : { ids: [...(dead?.ids ?? []), id].slice(-DEAD_KEPT) },
    );
  }

  public async removeDead(id: string): Promise<void> {
    await updateDocument<DeadDoc>(this.storage, this.deadKey(), (dead) =>
      dead?.ids.includes(id) ? { ids: dead.ids.filter((x) => x !== id) } : null,
    );
  }

  private async read<T>(key: string): Promise<T | undefined> {
    const items: StoreItems = await this.storage.read([key]);
    const item = items[key] as (T & { eTag?: string }) | undefined;
    if (!item) return undefined;
    const { eTag: _eTag, ...doc } = item;
    return doc as T;
  }

  private msgKey(id: string): string {
    return `${this.prefix}msg/${digest(id)}`;
  }

  private laneKey(conv: string): string {
    return `${this.prefix}lane/${digest(conv)}`;
  }

  private lanesKey(): string {
    return `${this.prefix}lanes`;
  }

  private deadKey(): string {
    return `${this.prefix}dead`;
  }
}

/** A new message's document. */
export function newMessageDoc(
  m: OutboxMessageInput,
  keys: { convKey: string; rateKey: string },
  now: number,
): MessageDoc {
  const doc: MessageDoc = {
    id: m.id,
    ...keys,
    kind: m.kind,
    conversation: m.conversation,
    activity: m.activity,
    state: 'pending',
    attempts: 0,
    uncertain: 0,
    notBefore: m.notBefore ?? now,
    createdAt: now,
    updatedAt: now,
  };
  if (m.targetActivityId) doc.targetActivityId = m.targetActivityId;
  if (m.targetOutboxId) doc.targetOutboxId = m.targetOutboxId;
  return doc;
}

export function laneEntry(doc: MessageDoc): LaneEntry {
  return {
    id: doc.id,
    kind: doc.kind,
    target: `${doc.targetOutboxId ?? ''}|${doc.targetActivityId ?? ''}`,
  };
}

export function isActive(doc: MessageDoc): boolean {
  return !TERMINAL.has(doc.state);
}

/** The message a document stands for. */
export function toMessage(doc: MessageDoc): OutboxMessage {
  // The document is the message plus its keys, with `uncertain` counted (as ambiguousAttempts).
  const { convKey: _convKey, rateKey: _rateKey, uncertain, ...message } = doc;
  return { ...message, uncertain: uncertain > 0, ambiguousAttempts: uncertain };
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 40);
}
