/**
 * The campaign runner: on every instance, a loop that works each campaign in turn under a lease
 * stored in the campaign document (compare-and-swap), so one instance at a time works a
 * campaign and a crashed instance's lease runs out after {@link LEASE_MS}. A pass:
 *
 * 1. reads the audience from Entra (every page of every group, written shard by shard; people no
 *    longer in any group are marked as having left and get nothing more);
 * 2. reads the iOS/iPadOS managed devices from Intune (every page) and marks people enrolled when
 *    a personal device enrolled with the campaign's method appears;
 * 3. while the campaign is active: reaches people not yet reached (see reach.ts) and hands their
 *    card to the outbox, and hands over the reminders that are due (working days, 09:00 in the
 *    person's zone, not after the deadline), never to the enrolled, opted out or departed;
 * 4. adds up the figures and updates the admin's dashboard card in place when they changed (at
 *    most every `dashboardMs`).
 *
 * Exactly once per person per message comes from the outbox: every message has an id made of the
 * campaign, the kind, the person and the reminder's number (model.ts `messageIds`), and enqueueing
 * an id that exists adds nothing. A crash between the enqueue and the shard write repeats the
 * same ids. Teams' rate limits are the outbox's; opening conversations takes the tenant's slots
 * too (see the opener).
 */
import type { DirectoryService, ManagedDeviceReader, ManagedDeviceRecord } from '../graph/types';
import type { Logger } from '../logging';
import type { ConversationRef, OutboxMessageInput } from '../outbox';

import {
  isActiveTarget,
  messageIds,
  shardOf,
  type Campaign,
  type CampaignConversation,
  type CampaignMethod,
  type CampaignPerson,
  type CampaignSummary,
} from './model';
import type { PersonReacher, ReachResult } from './reach';
import { deadlinePassed, workingDaysLater } from './schedule';
import { CampaignStore } from './store';
import { sameFigures, summarise } from './summary';

/** How long a runner's claim on a campaign lasts without renewal. */
export const LEASE_MS = 2 * 60_000;

/** An unreachable person is tried again after this long, at most {@link MAX_REACH_ATTEMPTS} times. */
const REACH_RETRY_MS = 30 * 60_000;
const MAX_REACH_ATTEMPTS = 3;

/** What the campaign messages look like: built by the flows layer (cards). */
export interface CampaignMessages {
  invite(campaign: Campaign, person: CampaignPerson): Record<string, unknown>;
  reminder(
    campaign: Campaign,
    person: CampaignPerson,
    kind: 'reminder' | 'later',
  ): Record<string, unknown>;
  dashboard(campaign: Campaign, summary: CampaignSummary): Record<string, unknown>;
}

/** How often each part of a pass runs. */
export interface CampaignIntervals {
  /** Between passes. Default 30 s. */
  tickMs: number;
  /** Between reads of the audience. Default 60 min. */
  audienceMs: number;
  /** Between reads of the managed devices. Default 15 min. */
  measureMs: number;
  /** At most this often the dashboard card is updated. Default 3 min. */
  dashboardMs: number;
}

export const DEFAULT_INTERVALS: CampaignIntervals = {
  tickMs: 30_000,
  audienceMs: 60 * 60_000,
  measureMs: 15 * 60_000,
  dashboardMs: 3 * 60_000,
};

export interface CampaignRunnerOptions {
  store: CampaignStore;
  directory: Pick<DirectoryService, 'userMemberPages'>;
  devices: ManagedDeviceReader;
  reacher: PersonReacher;
  outbox: { enqueueMany(messages: readonly OutboxMessageInput[]): Promise<number> };
  messages: CampaignMessages;
  logger: Logger;
  /** Unique per process (the lease owner). */
  instanceId: string;
  intervals?: Partial<CampaignIntervals>;
  /** People reached at once (each is a few Graph and connector calls). Default 8. */
  concurrency?: number;
  now?: () => number;
}

/** Which managed devices count for a campaign's method (Graph `deviceEnrollmentType`). */
export function countsFor(method: CampaignMethod, device: ManagedDeviceRecord): boolean {
  if (!device.userId) return false;
  if (device.ownerType !== 'personal') return false;
  if (!/^(ios|ipados)$/i.test(device.operatingSystem)) return false;
  const type = device.deviceEnrollmentType;
  switch (method) {
    case 'accountDrivenUserEnrollment':
      return type === 'appleAccountDrivenUserEnrollment';
    case 'webDeviceEnrollment':
    case 'device':
      // Device enrollment started by the user (Company Portal or the web) is `userEnrollment`.
      return type === 'userEnrollment';
    case 'userChoice':
      return ['appleAccountDrivenUserEnrollment', 'userEnrollment', 'appleUserEnrollment'].includes(
        type,
      );
  }
}

/** Runs campaigns until stopped. */
export class CampaignRunner {
  private readonly intervals: CampaignIntervals;
  private readonly now: () => number;
  private readonly concurrency: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  /** Set by stop(): a pass in progress ends at its next shard. */
  private halted = false;
  /** Campaigns whose dashboard should be refreshed on the next pass, whatever its interval. */
  private readonly forced = new Set<string>();

  public constructor(private readonly o: CampaignRunnerOptions) {
    this.intervals = { ...DEFAULT_INTERVALS, ...o.intervals };
    this.now = o.now ?? Date.now;
    this.concurrency = Math.max(1, o.concurrency ?? 8);
  }

  /** Starts the loop (first pass at once). */
  public start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.halted = false;
    this.schedule(0);
  }

  /** Stops after the pass in progress (which ends at its next shard). */
  public async stop(): Promise<void> {
    this.stopped = true;
    this.halted = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Asks for a pass now (after an admin starts or changes a campaign). */
  public poke(campaignId?: string): void {
    if (campaignId) this.forced.add(campaignId);
    if (this.stopped || this.running) return;
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.passAll()
        .catch((err: unknown) => this.o.logger.error({ err }, 'campaign pass failed'))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.forced.size > 0 ? 0 : this.intervals.tickMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** One pass over every campaign that is not ended (tests call it directly). */
  public async passAll(): Promise<void> {
    const list = await this.o.store.list();
    for (const entry of list) {
      if (this.halted) break;
      if (entry.status === 'ended' && !this.forced.has(entry.id)) continue;
      try {
        await this.pass(entry.id);
      } catch (err) {
        this.o.logger.error({ err, campaignId: entry.id }, 'campaign pass failed');
      }
    }
  }

  /** One pass over one campaign, if this instance can take its lease. */
  public async pass(campaignId: string): Promise<void> {
    const campaign = await this.takeLease(campaignId);
    if (!campaign) return;
    const force = this.forced.delete(campaignId);
    let current = campaign;
    try {
      if (current.status !== 'ended') {
        if (due(current.audienceAt, this.intervals.audienceMs, this.now())) {
          current = (await this.readAudience(current)) ?? current;
        }
        if (due(current.measuredAt, this.intervals.measureMs, this.now())) {
          current = (await this.measure(current)) ?? current;
        }
        if (current.status === 'active') await this.reachAndRemind(current);
      }
      await this.refreshDashboard(current, force);
    } finally {
      await this.o.store.update(campaignId, (c) =>
        c.lease?.owner === this.o.instanceId ? { ...c, lease: undefined } : null,
      );
    }
  }

  private async takeLease(id: string): Promise<Campaign | undefined> {
    const now = this.now();
    const { value, changed } = await this.o.store.update(id, (c) => {
      if (c.lease && c.lease.owner !== this.o.instanceId && c.lease.until > now) return null;
      return { ...c, lease: { owner: this.o.instanceId, until: now + LEASE_MS } };
    });
    return changed ? value : undefined;
  }

  /** Renews the lease while a long pass goes on; false when another instance took it. */
  private async renew(id: string): Promise<boolean> {
    const now = this.now();
    const { changed } = await this.o.store.update(id, (c) =>
      c.lease?.owner === this.o.instanceId
        ? { ...c, lease: { owner: this.o.instanceId, until: now + LEASE_MS } }
        : null,
    );
    return changed;
  }

  // ---- 1. audience ----------------------------------------------------------------------------

  private async readAudience(campaign: Campaign): Promise<Campaign | undefined> {
    const gen = campaign.audienceGeneration + 1;
    try {
      for (const group of campaign.groups) {
        for await (const page of this.o.directory.userMemberPages(group.id)) {
          for (const [shard, users] of byShard(page, (u) => u.id)) {
            await this.o.store.updateShard(campaign.id, shard, (people) => {
              for (const u of users) {
                const key = u.id.toLowerCase();
                const existing = people[key];
                if (existing) {
                  existing.gen = gen;
                  existing.inAudience = true;
                  existing.name = u.displayName.slice(0, 200);
                  existing.upn = u.userPrincipalName.slice(0, 200);
                } else {
                  people[key] = {
                    id: key,
                    name: u.displayName.slice(0, 200),
                    upn: u.userPrincipalName.slice(0, 200),
                    inAudience: true,
                    gen,
                    reminders: 0,
                  };
                }
              }
              return true;
            });
          }
          if (!(await this.renew(campaign.id))) return undefined;
        }
      }
    } catch (err) {
      // A group that cannot be read must not make everyone in it "left": try again later.
      this.o.logger.warn({ err, campaignId: campaign.id }, 'could not read the audience');
      return undefined;
    }
    for (const shard of CampaignStore.shards()) {
      await this.o.store.updateShard(campaign.id, shard, (people) => {
        let changed = false;
        for (const p of Object.values(people)) {
          if (p.inAudience && p.gen < gen) {
            p.inAudience = false;
            changed = true;
          }
        }
        return changed;
      });
    }
    const now = this.now();
    const { value } = await this.o.store.update(campaign.id, (c) => ({
      ...c,
      audienceGeneration: gen,
      audienceAt: now,
    }));
    return value;
  }

  // ---- 2. devices -----------------------------------------------------------------------------

  private async measure(campaign: Campaign): Promise<Campaign | undefined> {
    const now = this.now();
    try {
      for await (const page of this.o.devices.appleDevicePages()) {
        const counted = page.filter((d) => countsFor(campaign.method, d));
        for (const [shard, devices] of byShard(counted, (d) => d.userId ?? '')) {
          await this.o.store.updateShard(campaign.id, shard, (people) => {
            let changed = false;
            for (const d of devices) {
              const p = people[(d.userId ?? '').toLowerCase()];
              if (!p || p.enrolledAt !== undefined) continue;
              const at = d.enrolledDateTime ? Date.parse(d.enrolledDateTime) : NaN;
              p.enrolledAt = Number.isFinite(at) ? Math.min(at, now) : now;
              p.enrolledBefore = p.enrolledAt < campaign.createdAt && p.invitedAt === undefined;
              changed = true;
            }
            return changed;
          });
        }
      }
    } catch (err) {
      this.o.logger.warn({ err, campaignId: campaign.id }, 'could not read the managed devices');
      return undefined;
    }
    const { value } = await this.o.store.update(campaign.id, (c) => ({ ...c, measuredAt: now }));
    return value;
  }

  // ---- 3. messages ----------------------------------------------------------------------------

  private async reachAndRemind(campaign: Campaign): Promise<void> {
    let lastRenew = this.now();
    for (const shard of CampaignStore.shards()) {
      if (this.halted) return;
      const { people } = await this.o.store.readShard(campaign.id, shard);
      const now = this.now();
      const toReach: CampaignPerson[] = [];
      const reminders: Array<{ person: CampaignPerson; kind: 'reminder' | 'later'; n: number }> =
        [];
      for (const p of Object.values(people)) {
        if (!isActiveTarget(p)) continue;
        if (p.invitedAt === undefined) {
          if (
            !p.unreachable ||
            (p.unreachable.attempts < MAX_REACH_ATTEMPTS &&
              now - p.unreachable.at >= REACH_RETRY_MS &&
              p.unreachable.reason !== 'no-teams')
          ) {
            toReach.push(p);
          }
          continue;
        }
        if (!p.conversation || deadlinePassed(campaign.deadline, now, p.tz, campaign.timeZone)) {
          continue;
        }
        if (p.remindAt !== undefined && now >= p.remindAt) {
          reminders.push({ person: p, kind: 'later', n: (p.snoozes ?? 0) + 1 });
          continue;
        }
        const nextDay = campaign.reminderDays[p.reminders];
        if (
          nextDay !== undefined &&
          p.remindAt === undefined &&
          now >= workingDaysLater(p.invitedAt, nextDay, p.tz, campaign.timeZone)
        ) {
          reminders.push({ person: p, kind: 'reminder', n: p.reminders + 1 });
        }
      }
      if (toReach.length > 0) await this.reach(campaign, shard, toReach);
      if (reminders.length > 0) await this.remind(campaign, shard, reminders);
      if (this.now() - lastRenew > LEASE_MS / 3) {
        if (!(await this.renew(campaign.id))) return;
        lastRenew = this.now();
      }
    }
  }

  private async reach(campaign: Campaign, shard: number, people: CampaignPerson[]): Promise<void> {
    const results = new Map<string, ReachResult>();
    const queue = [...people];
    const worker = async (): Promise<void> => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        if (this.halted) return;
        const result = await this.o.reacher.open(campaign, p.id);
        if (result.ok) {
          await this.o.outbox.enqueueMany([
            {
              id: messageIds.invite(campaign.id, p.id),
              kind: 'post',
              conversation: personalRef(result.conversation),
              activity: this.o.messages.invite(campaign, p),
            },
          ]);
        }
        results.set(p.id, result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker));
    const now = this.now();
    await this.o.store.updateShard(campaign.id, shard, (current) => {
      for (const [id, result] of results) {
        const p = current[id];
        if (!p) continue;
        if (result.ok) {
          p.conversation = result.conversation;
          p.invitedAt ??= now;
          p.lastMessageAt = now;
          p.unreachable = undefined;
        } else {
          p.unreachable = {
            reason: result.reason,
            at: now,
            attempts: result.retry ? (p.unreachable?.attempts ?? 0) + 1 : MAX_REACH_ATTEMPTS,
          };
        }
      }
      return results.size > 0;
    });
  }

  private async remind(
    campaign: Campaign,
    shard: number,
    due: Array<{ person: CampaignPerson; kind: 'reminder' | 'later'; n: number }>,
  ): Promise<void> {
    const messages: OutboxMessageInput[] = [];
    for (const { person, kind, n } of due) {
      const c = person.conversation;
      if (!c) continue;
      messages.push({
        id:
          kind === 'reminder'
            ? messageIds.reminder(campaign.id, person.id, n)
            : messageIds.snooze(campaign.id, person.id, n),
        kind: 'post',
        conversation: personalRef(c),
        activity: this.o.messages.reminder(campaign, person, kind),
      });
    }
    await this.o.outbox.enqueueMany(messages);
    const now = this.now();
    await this.o.store.updateShard(campaign.id, shard, (current) => {
      let changed = false;
      for (const { person, kind, n } of due) {
        const p = current[person.id];
        if (!p) continue;
        if (kind === 'reminder') p.reminders = Math.max(p.reminders, n);
        else {
          p.snoozes = Math.max(p.snoozes ?? 0, n);
          p.remindAt = undefined;
        }
        p.lastMessageAt = now;
        changed = true;
      }
      return changed;
    });
  }

  // ---- 4. dashboard ---------------------------------------------------------------------------

  private async refreshDashboard(campaign: Campaign, force: boolean): Promise<void> {
    const now = this.now();
    if (!force && !due(campaign.summary?.at, this.intervals.dashboardMs, now)) return;
    const summary = await summarise(this.o.store, campaign, now);
    const changedFigures = !sameFigures(campaign.summary, summary);
    const { value } = await this.o.store.update(campaign.id, (c) => ({
      ...c,
      summary,
      ...(changedFigures && c.dashboard
        ? { dashboardAt: now, dashboardSeq: (c.dashboardSeq ?? 0) + 1 }
        : {}),
    }));
    const place = value?.dashboard;
    if (!value || !place || !changedFigures) return;
    await this.o.outbox.enqueueMany([
      {
        id: messageIds.dashboard(campaign.id, value.dashboardSeq ?? 0),
        kind: 'update',
        targetActivityId: place.activityId,
        conversation: personalRef(place.conversation),
        activity: this.o.messages.dashboard(value, summary),
      },
    ]);
  }
}

/** A personal chat as the outbox addresses it. */
function personalRef(c: CampaignConversation): ConversationRef {
  return {
    serviceUrl: c.serviceUrl,
    conversationId: c.conversationId,
    tenantId: c.tenantId,
    channelId: 'msteams',
    conversationType: 'personal',
    isGroup: false,
    ...(c.botId ? { bot: { id: c.botId } } : {}),
  };
}

/** Items grouped by the shard of their user id (items without one are left out). */
function byShard<T>(items: readonly T[], userIdOf: (item: T) => string): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const id = userIdOf(item);
    if (!id) continue;
    const shard = shardOf(id);
    const list = groups.get(shard) ?? [];
    list.push(item);
    groups.set(shard, list);
  }
  return groups;
}

function due(lastAt: number | undefined, everyMs: number, now: number): boolean {
  return lastAt === undefined || now - lastAt >= everyMs;
}
