/**
 * The campaign documents in the state storage (layout in model.ts). Every change is a
 * read → change → conditional write ({@link updateDocument}), so an employee's click, an admin's
 * pause and the runner on another instance never overwrite each other.
 */
import { randomBytes } from 'node:crypto';

import type { StateStorage } from '../storage/state-storage';
import { updateDocument } from '../storage/update-document';

import {
  campaignSchema,
  indexSchema,
  keys,
  SHARDS,
  shardOf,
  shardSchema,
  type Campaign,
  type CampaignIndex,
  type CampaignPerson,
  type CampaignShard,
} from './model';

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A new campaign id (`cmp-` and 10 characters, about 50 bits). */
export function newCampaignId(): string {
  const bytes = randomBytes(10);
  let id = 'cmp-';
  for (const b of bytes) id += ID_ALPHABET[b % ID_ALPHABET.length];
  return id;
}

/** Reads and changes campaigns and their people. */
export class CampaignStore {
  public constructor(private readonly storage: StateStorage) {}

  /** Stores a new campaign and lists it in the index. */
  public async create(campaign: Campaign): Promise<void> {
    await this.storage.writeNew({ [keys.campaign(campaign.id)]: campaign });
    await updateDocument<CampaignIndex>(
      this.storage,
      keys.index,
      (index) => ({
        campaigns: [
          {
            id: campaign.id,
            name: campaign.name,
            status: campaign.status,
            createdAt: campaign.createdAt,
          },
          ...(index?.campaigns ?? []).filter((c) => c.id !== campaign.id),
        ].slice(0, 500),
      }),
      { schema: indexSchema },
    );
  }

  /** The campaigns, newest first. */
  public async list(): Promise<CampaignIndex['campaigns']> {
    const item = (await this.storage.read([keys.index]))[keys.index] as unknown;
    const parsed = indexSchema.safeParse(stripETag(item));
    return parsed.success ? parsed.data.campaigns : [];
  }

  public async get(id: string): Promise<Campaign | undefined> {
    const item = (await this.storage.read([keys.campaign(id)]))[keys.campaign(id)] as unknown;
    if (item === undefined) return undefined;
    const parsed = campaignSchema.safeParse(stripETag(item));
    return parsed.success ? parsed.data : undefined;
  }

  /**
   * Changes a campaign; `mutate` returns the new document or null for "no change". The index
   * follows a change of status.
   */
  public async update(
    id: string,
    mutate: (campaign: Campaign) => Campaign | null,
  ): Promise<{ value: Campaign | undefined; changed: boolean }> {
    const result = await updateDocument<Campaign>(
      this.storage,
      keys.campaign(id),
      (current) => (current ? mutate(current) : null),
      { schema: campaignSchema },
    );
    const value = result.value;
    if (result.changed && value) {
      await updateDocument<CampaignIndex>(
        this.storage,
        keys.index,
        (index) => {
          const entry = index?.campaigns.find((c) => c.id === id);
          if (!index || !entry || entry.status === value.status) return null;
          return {
            campaigns: index.campaigns.map((c) =>
              c.id === id ? { ...c, status: value.status } : c,
            ),
          };
        },
        { schema: indexSchema },
      );
    }
    return result;
  }

  /** One shard of the audience (empty when never written). */
  public async readShard(id: string, shard: number): Promise<CampaignShard> {
    const key = keys.shard(id, shard);
    const item = (await this.storage.read([key]))[key] as unknown;
    if (item === undefined) return { people: {} };
    const parsed = shardSchema.safeParse(stripETag(item));
    return parsed.success ? parsed.data : { people: {} };
  }

  /** Changes one shard; `mutate` changes the people in place and returns false for "no change". */
  public async updateShard(
    id: string,
    shard: number,
    mutate: (people: Record<string, CampaignPerson>) => boolean,
  ): Promise<void> {
    await updateDocument<CampaignShard>(
      this.storage,
      keys.shard(id, shard),
      (current) => {
        const people = current?.people ?? {};
        return mutate(people) ? { people } : null;
      },
      { schema: shardSchema },
    );
  }

  /** One person, by Entra object id; undefined when not in this campaign's audience. */
  public async person(id: string, userId: string): Promise<CampaignPerson | undefined> {
    const { people } = await this.readShard(id, shardOf(userId));
    return people[userId.toLowerCase()];
  }

  /**
   * Changes one person (by Entra object id): `mutate` changes the entry in place and returns
   * false for "no change". Returns the person after the change, or undefined when not there.
   */
  public async updatePerson(
    id: string,
    userId: string,
    mutate: (person: CampaignPerson) => boolean,
  ): Promise<CampaignPerson | undefined> {
    const key = userId.toLowerCase();
    let after: CampaignPerson | undefined;
    await this.updateShard(id, shardOf(key), (people) => {
      const person = people[key];
      after = person;
      if (!person) return false;
      return mutate(person);
    });
    return after;
  }

  /** Every shard number, for work that goes shard by shard. */
  public static shards(): number[] {
    return Array.from({ length: SHARDS }, (_, i) => i);
  }
}

function stripETag(item: unknown): unknown {
  if (typeof item !== 'object' || item === null) return item;
  const { eTag: _eTag, ...rest } = item as Record<string, unknown>;
  return rest;
}
