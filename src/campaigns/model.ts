/**
 * Enrollment campaigns: what is stored. A campaign tells a group of people to enroll their
 * personal iPhone or iPad by a date, reminds those who have not, and counts devices that Intune
 * actually enrolled (Graph managedDevices), not messages read.
 *
 * Storage layout (every change through updateDocument, so several instances can share it):
 * - `campaigns/index`                the campaigns, newest first (ids, names, status);
 * - `campaigns/<id>`                 one campaign: settings, status, the runner's lease, the
 *                                    dashboard card's place and the last summary;
 * - `campaigns/<id>/people/<nn>`     the audience in {@link SHARDS} shards by a hash of the user
 *                                    id: one person's state per entry. Work goes shard by shard,
 *                                    so memory holds one shard, never the whole audience.
 */
import { z } from 'zod';

/** How many shards the audience is spread over (10,000 people: about 160 per shard). */
export const SHARDS = 64;

/** Campaign ids: `cmp-` and 10 lower-case letters or digits. */
export const CAMPAIGN_ID = /^cmp-[a-z0-9]{10}$/;

export const campaignIdSchema = z.string().regex(CAMPAIGN_ID);

/** The enrollment methods a campaign can count (the profile's `enrollmentType`). */
export const CAMPAIGN_METHODS = [
  'accountDrivenUserEnrollment',
  'webDeviceEnrollment',
  'device',
  'userChoice',
] as const;
export type CampaignMethod = (typeof CAMPAIGN_METHODS)[number];

export type CampaignStatus = 'active' | 'paused' | 'ended';

/** Where a proactive message goes (the outbox's ConversationRef, kept small). */
export const conversationSchema = z.object({
  serviceUrl: z.string().max(500),
  conversationId: z.string().max(500),
  tenantId: z.string().max(100).optional(),
  botId: z.string().max(200).optional(),
});
export type CampaignConversation = z.infer<typeof conversationSchema>;

const actorSchema = z.object({ aadObjectId: z.string(), name: z.string() });
export type CampaignActor = z.infer<typeof actorSchema>;

/** The funnel and the rest of the dashboard, computed from the shards. */
export const summarySchema = z.object({
  at: z.number(),
  targeted: z.number(),
  reached: z.number(),
  openedGuide: z.number(),
  finishedGuide: z.number(),
  reported: z.number(),
  enrolled: z.number(),
  /** Of the enrolled: those whose device was enrolled before the campaign reached them. */
  enrolledBefore: z.number().default(0),
  optedOut: z.number(),
  left: z.number(),
  /** Waiting to be reached (not yet invited, or invited and not yet delivered). */
  waiting: z.number(),
  unreachable: z.record(z.string(), z.number()),
  /** Enrolled per day (yyyy-mm-dd in the campaign's time zone), oldest first. */
  enrolledByDay: z.array(z.object({ day: z.string(), count: z.number() })),
  /** Causes the helpdesk diagnosed in this audience's reports, most frequent first. */
  causes: z.array(z.object({ cause: z.string(), count: z.number() })),
  remindersSent: z.number(),
});
export type CampaignSummary = z.infer<typeof summarySchema>;

export const campaignSchema = z.object({
  id: campaignIdSchema,
  name: z.string().max(100),
  status: z.enum(['active', 'paused', 'ended']),
  createdAt: z.number(),
  createdBy: actorSchema,
  /** Entra group ids; people are their users, nested groups included. */
  groups: z.array(z.object({ id: z.string(), name: z.string() })).max(20),
  /** The enrollment method whose devices count. */
  method: z.enum(CAMPAIGN_METHODS),
  /** What employees read on the card (plain text, the admin's words). */
  message: z.string().max(2000),
  /** The deadline, yyyy-mm-dd (the end of that day in each person's time zone). */
  deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Working days after the first message on which reminders go, ascending. */
  reminderDays: z.array(z.number().int().min(1).max(60)).max(5),
  /** IANA time zone for people whose own zone the bot does not know (the admin's). */
  timeZone: z.string().max(64),
  /** The Teams service URL used to open personal conversations (from the admin's activity). */
  serviceUrl: z.string().max(500),
  tenantId: z.string().max(100),
  botId: z.string().max(200),
  /** Changes of status, newest last (pause, resume, end). */
  history: z
    .array(
      z.object({ at: z.number(), by: actorSchema, status: z.enum(['active', 'paused', 'ended']) }),
    )
    .max(100),
  /** The dashboard card in the admin's chat, updated in place. */
  dashboard: z
    .object({ conversation: conversationSchema, activityId: z.string().max(500) })
    .optional(),
  /** When the dashboard card was last updated, and how many updates it had (their outbox ids). */
  dashboardAt: z.number().optional(),
  dashboardSeq: z.number().int().nonnegative().optional(),
  /** Runner bookkeeping: the last audience read, device read and summary. */
  audienceAt: z.number().optional(),
  audienceGeneration: z.number().int().nonnegative(),
  measuredAt: z.number().optional(),
  summary: summarySchema.optional(),
  /** The instance working the campaign, and until when (a crashed runner's lease runs out). */
  lease: z.object({ owner: z.string().max(200), until: z.number() }).optional(),
  /** Bumped by every admin change; card actions quote it (a stale card changes nothing). */
  rev: z.number().int().nonnegative(),
});
export type Campaign = z.infer<typeof campaignSchema>;

/** Why a person could not be reached. */
export const UNREACHABLE_REASONS = [
  'no-teams',
  'install-refused',
  'not-found',
  'conversation-failed',
  'delivery-failed',
] as const;
export type UnreachableReason = (typeof UNREACHABLE_REASONS)[number];

export const personSchema = z.object({
  id: z.string().max(100),
  name: z.string().max(200),
  upn: z.string().max(200),
  /** False once the person left the audience: they get nothing more. */
  inAudience: z.boolean(),
  /** The audience read that last saw them. */
  gen: z.number().int().nonnegative(),
  conversation: conversationSchema.optional(),
  /** The invitation was handed to the outbox / Teams accepted it. */
  invitedAt: z.number().optional(),
  reachedAt: z.number().optional(),
  openedAt: z.number().optional(),
  finishedAt: z.number().optional(),
  reportedAt: z.number().optional(),
  cause: z.string().max(100).optional(),
  enrolledAt: z.number().optional(),
  /** True when the device was already enrolled before the campaign reached them. */
  enrolledBefore: z.boolean().optional(),
  optedOut: z.enum(['no-device']).optional(),
  optedOutAt: z.number().optional(),
  /** "Remind me later": a reminder at this time, numbered by `snoozes`. */
  remindAt: z.number().optional(),
  snoozes: z.number().int().nonnegative().optional(),
  /** Scheduled reminders sent so far. */
  reminders: z.number().int().nonnegative(),
  lastMessageAt: z.number().optional(),
  unreachable: z
    .object({ reason: z.enum(UNREACHABLE_REASONS), at: z.number(), attempts: z.number().int() })
    .optional(),
  /** The person's IANA time zone, as Teams last sent it. */
  tz: z.string().max(64).optional(),
});
export type CampaignPerson = z.infer<typeof personSchema>;

export const shardSchema = z.object({ people: z.record(z.string(), personSchema) });
export type CampaignShard = z.infer<typeof shardSchema>;

export const indexSchema = z.object({
  campaigns: z
    .array(
      z.object({
        id: campaignIdSchema,
        name: z.string(),
        status: z.enum(['active', 'paused', 'ended']),
        createdAt: z.number(),
      }),
    )
    .max(500),
});
export type CampaignIndex = z.infer<typeof indexSchema>;

/** The shard a user's entry lives in: FNV-1a of the lower-cased id. */
export function shardOf(userId: string): number {
  let hash = 0x811c9dc5;
  const text = userId.toLowerCase();
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % SHARDS;
}

/** Storage keys. */
export const keys = {
  index: 'campaigns/index',
  campaign: (id: string): string => `campaigns/${id}`,
  shard: (id: string, shard: number): string =>
    `campaigns/${id}/people/${String(shard).padStart(2, '0')}`,
  exportToken: (token: string): string => `campaigns/export/${token}`,
} as const;

/** Outbox message ids: one per person per message, so a retry or a second runner adds nothing. */
export const messageIds = {
  invite: (campaignId: string, userId: string): string =>
    `campaign/${campaignId}/invite/${userId.toLowerCase()}`,
  reminder: (campaignId: string, userId: string, n: number): string =>
    `campaign/${campaignId}/reminder/${userId.toLowerCase()}/${n}`,
  snooze: (campaignId: string, userId: string, n: number): string =>
    `campaign/${campaignId}/later/${userId.toLowerCase()}/${n}`,
  dashboard: (campaignId: string, seq: number): string => `campaign/${campaignId}/dashboard/${seq}`,
} as const;

/** Reads a campaign outbox id back: which campaign, which person, which kind. */
export function parseMessageId(
  id: string,
): { campaignId: string; kind: 'invite' | 'reminder' | 'later'; userId: string } | undefined {
  const match = /^campaign\/(cmp-[a-z0-9]{10})\/(invite|reminder|later)\/([^/]+)/.exec(id);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return {
    campaignId: match[1],
    kind: match[2] as 'invite' | 'reminder' | 'later',
    userId: match[3],
  };
}

/** Is this person still someone the campaign talks to? */
export function isActiveTarget(p: CampaignPerson): boolean {
  return p.inAudience && !p.optedOut && p.enrolledAt === undefined;
}
