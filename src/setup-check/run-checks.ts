/**
 * Runs the prerequisite check: every Graph read at once, the service discovery file of each
 * verified custom domain at once (a few at a time), each bounded in time, and the pure rules of
 * checks.ts over the results. A failed or slow read turns only its own items into `error`.
 */
import type { DiscoveryCloud } from '../discovery/service-discovery';
import {
  verifyDomain,
  type DomainCheckReport,
  type VerifyDomainOptions,
} from '../discovery/verify-domain';
import { ruleMentionsDevice, type ProfileWithAssignments } from '../graph/profile-logic';
import type { SetupAssignmentTarget, SetupService } from '../graph/setup-service';
import type { DirectoryGroup, DirectoryService, ProfileService } from '../graph/types';
import { translator } from '../i18n/catalogue';
import type { Language } from '../i18n/languages';
import type { Logger } from '../logging';

import {
  apnsCheck,
  assignedGroupIds,
  AUTHENTICATOR_BUNDLE_ID,
  authenticatorCheck,
  deviceGroupsCheck,
  errorItem,
  failed,
  jitCheck,
  legacyProfilesCheck,
  managedAppleIdsCheck,
  MAX_DOMAINS_CHECKED,
  mdmAuthorityCheck,
  mergeChecklist,
  ok,
  osFloorCheck,
  planDomainChecks,
  profilesCheck,
  serviceDiscoveryCheck,
  setupChecks,
  SetupCheckTimeoutError,
  type ChecklistEntry,
  type DomainVerification,
  type GroupFacts,
  type GroupIndex,
  type Outcome,
  type SetupCheckId,
  type SetupCheckItem,
} from './checks';

/** The domain verifier: {@link verifyDomain}, or a fake in tests (no network). */
export type VerifyDomainFn = (
  domain: string,
  options: VerifyDomainOptions,
) => Promise<DomainCheckReport>;

/** What the check reads from. */
export interface SetupCheckDeps {
  setup: SetupService;
  profiles: ProfileService;
  directory: DirectoryService;
  /** The tenant the service discovery file must name. */
  tenantId: string;
  cloud: DiscoveryCloud;
  /** Defaults to {@link verifyDomain}. */
  verify?: VerifyDomainFn;
  logger?: Logger;
  now?: () => Date;
}

/** Options of {@link runSetupChecks}. */
export interface RunSetupChecksOptions {
  /**
   * Called with the whole checklist (finished items and pending placeholders) each time a group
   * of items finishes. Must not throw; it is not awaited (the caller decides how to update).
   */
  onProgress?: (items: ChecklistEntry[]) => void;
  /** Budget for the whole run; unfinished items become `error`. Default 10 s. */
  deadlineMs?: number;
  /** Budget of one domain's verification. Default 5 s. */
  verifyTimeoutMs?: number;
  /** Domains verified at the same time. Default 4. */
  domainConcurrency?: number;
  /** Verified custom domains checked per run. Default {@link MAX_DOMAINS_CHECKED}. */
  maxDomains?: number;
  /** The language of the checklist's texts; English when absent (admins read them). */
  lang?: Language;
}

/** The result of a run. */
export interface SetupCheckRun {
  items: SetupCheckItem[];
  /** Wall-clock time of the run. */
  elapsedMs: number;
}

/** Default budget of a whole run: under the time Teams waits for a message turn. */
export const SETUP_CHECK_DEADLINE_MS = 10_000;
const VERIFY_TIMEOUT_MS = 5_000;
const DOMAIN_CONCURRENCY = 4;
/** Directory lookups (groups, assignments) in flight at once. */
const GRAPH_CONCURRENCY = 6;
/** Groups named by Authenticator or JIT assignments whose names are looked up. */
const MAX_NAME_LOOKUPS = 20;

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}

/** Settles a promise into an {@link Outcome} (never rejects). */
async function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
  try {
    return ok(await promise);
  } catch (err) {
    return failed(err);
  }
}

/** A promise that rejects after `ms`, and a way to stop its timer. */
function deadline(ms: number): { expired: Promise<never>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new SetupCheckTimeoutError(Math.round(ms / 100) / 10)), ms);
  });
  // Nobody may be racing it when it fires; that is fine.
  expired.catch(() => undefined);
  return { expired, cancel: () => clearTimeout(timer) };
}

/** Waits for `promise`, rejecting with a timeout after `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  const limit = deadline(ms);
  try {
    return await Promise.race([promise, limit.expired]);
  } finally {
    limit.cancel();
  }
}

/** Profiles with their assignments (assignments read a few at a time). */
async function profilesWithAssignments(
  profiles: ProfileService,
): Promise<ProfileWithAssignments[]> {
  const list = await profiles.list();
  return mapLimit(list, GRAPH_CONCURRENCY, async (profile) => ({
    profile,
    assignments: await profiles.listAssignments(profile.id),
  }));
}

/**
 * Reads each group once (memoised; callers bound the concurrency). With `readWithDevices`, also
 * decides whether it is a device group: a `device.` rule, or device members in an assigned group.
 */
class GroupReader {
  private readonly groups = new Map<string, Promise<DirectoryGroup | undefined>>();
  private readonly withDevices = new Map<string, Promise<GroupFacts>>();

  public constructor(private readonly directory: DirectoryService) {}

  public async read(groupId: string): Promise<GroupFacts> {
    return toFacts(groupId, await this.group(groupId));
  }

  public readWithDevices(groupId: string): Promise<GroupFacts> {
    const key = groupId.toLowerCase();
    let facts = this.withDevices.get(key);
    if (!facts) {
      facts = this.group(groupId).then(async (group) => {
        const base = toFacts(groupId, group);
        // Dynamic groups hold only what their rule says; Microsoft 365 groups hold only users.
        const types = group?.groupTypes ?? [];
        if (
          !group ||
          base.deviceReason ||
          types.includes('DynamicMembership') ||
          types.includes('Unified')
        ) {
          return base;
        }
        const count = await this.directory.countDeviceMembers(groupId);
        return count > 0 ? { ...base, deviceReason: 'members', deviceCount: count } : base;
      });
      this.withDevices.set(key, facts);
    }
    return facts;
  }

  private group(groupId: string): Promise<DirectoryGroup | undefined> {
    const key = groupId.toLowerCase();
    let group = this.groups.get(key);
    if (!group) {
      group = this.directory.getGroup(groupId);
      this.groups.set(key, group);
    }
    return group;
  }
}

function toFacts(groupId: string, group: DirectoryGroup | undefined): GroupFacts {
  if (!group) return { id: groupId, found: false };
  return {
    id: groupId,
    found: true,
    displayName: group.displayName,
    ...(ruleMentionsDevice(group.membershipRule) ? { deviceReason: 'rule' as const } : {}),
  };
}

async function groupIndex(
  ids: readonly string[],
  read: (id: string) => Promise<GroupFacts>,
): Promise<GroupIndex> {
  const facts = await mapLimit(ids, GRAPH_CONCURRENCY, read);
  return new Map(facts.map((f) => [f.id.toLowerCase(), f]));
}

/** Best-effort names (failures leave the id) for groups outside the profile assignments. */
async function namesFor(
  reader: GroupReader,
  targets: readonly SetupAssignmentTarget[],
): Promise<GroupIndex> {
  const ids = [
    ...new Set(
      targets.flatMap((t) =>
        t.kind === 'group' || t.kind === 'exclusionGroup' ? [t.groupId] : [],
      ),
    ),
  ].slice(0, MAX_NAME_LOOKUPS);
  const facts = await mapLimit(ids, GRAPH_CONCURRENCY, (id) =>
    reader.read(id).catch((): GroupFacts => ({ id, found: true })),
  );
  return new Map(facts.map((f) => [f.id.toLowerCase(), f]));
}

/**
 * Runs every check and returns the checklist in display order. Graph reads start together
 * (Promise.allSettled); domains are verified in parallel (`domainConcurrency` at a time, each
 * within `verifyTimeoutMs`); the whole run is bounded by `deadlineMs`. Never throws for a failed
 * read: that item is `error` with Graph's admin message.
 */
export async function runSetupChecks(
  deps: SetupCheckDeps,
  options: RunSetupChecksOptions = {},
): Promise<SetupCheckRun> {
  const started = Date.now();
  const now = deps.now?.() ?? new Date();
  const log = deps.logger?.child({ module: 'setup-check' });
  const verify = deps.verify ?? verifyDomain;
  const verifyTimeoutMs = options.verifyTimeoutMs ?? VERIFY_TIMEOUT_MS;
  const maxDomains = options.maxDomains ?? MAX_DOMAINS_CHECKED;
  const limit = deadline(options.deadlineMs ?? SETUP_CHECK_DEADLINE_MS);
  const bounded = <T>(promise: Promise<T>): Promise<Outcome<T>> =>
    settle(Promise.race([promise, limit.expired]));
  const reader = new GroupReader(deps.directory);
  const t = translator(options.lang ?? 'en');

  const done = new Map<SetupCheckId, SetupCheckItem>();
  const manual = managedAppleIdsCheck(t);
  done.set(manual.id, manual);
  const report = (items: SetupCheckItem[]): void => {
    for (const i of items) done.set(i.id, i);
    if (!options.onProgress) return;
    try {
      options.onProgress(mergeChecklist(done, t));
    } catch (err) {
      // i18n-exempt: a label for the log
      log?.warn({ err }, 'setup check progress callback failed');
    }
  };

  // Every Graph read starts now, in parallel.
  const mdm = bounded(deps.setup.mdmAuthority());
  const apns = bounded(deps.setup.applePushCertificate());
  const apps = bounded(deps.setup.iosApps({ bundleIds: [AUTHENTICATOR_BUNDLE_ID] }));
  const configurations = bounded(deps.setup.iosDeviceFeaturesConfigurations());
  const domains = bounded(deps.setup.domains());
  const restrictions = bounded(deps.setup.iosEnrollmentRestrictions());
  const profiles = bounded(profilesWithAssignments(deps.profiles));

  const verifyOne = async (domain: string): Promise<DomainVerification> => {
    try {
      const report = await within(
        verify(domain, { tenantId: deps.tenantId, cloud: deps.cloud, timeoutMs: verifyTimeoutMs }),
        verifyTimeoutMs + 1000,
      );
      return { domain, report };
    } catch (error) {
      return { domain, error };
    }
  };

  const tasks: Promise<void>[] = [
    mdm.then((o) => report([mdmAuthorityCheck(o, t)])),
    restrictions.then((o) => report([osFloorCheck(o, t)])),
    apns.then((o) => report([apnsCheck(o, now, t)])),
    profiles.then(async (p) => {
      const groups = p.ok
        ? await bounded(groupIndex(assignedGroupIds(p.value), (id) => reader.readWithDevices(id)))
        : failed<GroupIndex>(p.error);
      const names = groups.ok ? groups.value : new Map<string, GroupFacts>();
      report([
        profilesCheck(p, names, t),
        legacyProfilesCheck(p, t),
        deviceGroupsCheck(p, groups, t),
      ]);
    }),
    Promise.all([apps, profiles]).then(async ([a, p]) => {
      const targets = a.ok ? a.value.flatMap((app) => app.assignments.map((x) => x.target)) : [];
      const profileTargets = p.ok ? p.value.flatMap((x) => x.assignments.map((y) => y.target)) : [];
      const names = await bounded(namesFor(reader, [...targets, ...profileTargets]));
      report([authenticatorCheck(a, p, names.ok ? names.value : new Map(), t)]);
    }),
    configurations.then(async (c) => {
      const targets = c.ok ? c.value.flatMap((x) => x.assignments ?? []) : [];
      const names = await bounded(namesFor(reader, targets));
      report([jitCheck(c, names.ok ? names.value : new Map(), t)]);
    }),
    domains.then(async (d) => {
      const plan = d.ok ? planDomainChecks(d.value, maxDomains) : undefined;
      const results = plan
        ? await bounded(
            mapLimit(plan.toVerify, options.domainConcurrency ?? DOMAIN_CONCURRENCY, verifyOne),
          )
        : ok<DomainVerification[]>([]);
      const verified: DomainVerification[] = results.ok
        ? results.value
        : (plan?.toVerify ?? []).map((domain) => ({ domain, error: results.error }));
      report([serviceDiscoveryCheck(d, verified, maxDomains, t)]);
    }),
  ];
  const settled = await Promise.allSettled(tasks);
  limit.cancel();
  for (const s of settled) {
    // i18n-exempt: a label for the log
    if (s.status === 'rejected') log?.error({ err: s.reason as unknown }, 'a setup check failed');
  }
  const timeout = new SetupCheckTimeoutError(
    Math.round((options.deadlineMs ?? SETUP_CHECK_DEADLINE_MS) / 100) / 10,
  );
  const items = setupChecks(t).map(({ id }) => done.get(id) ?? errorItem(id, timeout, t));
  const elapsedMs = Date.now() - started;
  log?.info(
    {
      elapsedMs,
      statuses: Object.fromEntries(items.map((i) => [i.id, i.status])),
    },
    // i18n-exempt: a label for the log
    'setup check finished',
  );
  return { items, elapsedMs };
}
