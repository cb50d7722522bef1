import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';

import {
  cardResponse,
  errorResponse,
  registerCardAction,
  type CardActionHandler,
} from '../../actions/card-actions';
import {
  renderAuditListCard,
  renderProfileConfirmCard,
  renderProfileListCard,
  type ProfileRow,
} from '../../cards/admin-cards';
import { renderNoticeCard } from '../../cards/knowledge-cards';
import type { RenderedCard } from '../../cards/render';
import {
  escapeCardText,
  hasLoneSurrogate,
  replaceLoneSurrogates,
  truncate,
} from '../../cards/text';
import { VERBS } from '../../cards/verbs';
import { GraphError } from '../../graph/errors';
import { applicableProfile, byPriority, moveTo } from '../../graph/profile-logic';
import type { AssignmentTarget, EnrollmentProfile, ProfileAssignment } from '../../graph/types';
import { translator } from '../../i18n/catalogue';
import type { Language } from '../../i18n/languages';
import { tr, turnLanguage } from '../../i18n/turn-language';
import { sendCard } from '../context';

import {
  actorOf,
  banner,
  enrollmentTypeInfo,
  refusalResponse,
  sendRefusal,
  wizardTypeOf,
  type AdminDeps,
} from './admin-deps';
import { auditRow, auditSentence, auditTime, type TimeStyle } from './audit-text';
import { claimListChange, currentListVersion } from './profile-list-version';
import { startWizard } from './wizard';
import type { GroupRef } from './wizard/store';

const MAX_ROWS = 20;

/** Profiles with their assignments, in priority order. */
export async function profilesWithAssignments(
  deps: AdminDeps,
): Promise<{ profile: EnrollmentProfile; assignments: ProfileAssignment[] }[]> {
  const profiles = [...(await deps.profiles.list())].sort(byPriority);
  return Promise.all(
    profiles.map(async (profile) => ({
      profile,
      assignments: await deps.profiles.listAssignments(profile.id),
    })),
  );
}

async function groupNames(
  deps: AdminDeps,
  ids: string[],
  lang: Language = 'en',
): Promise<Map<string, string>> {
  const t = translator(lang);
  const unique = [...new Set(ids)];
  const found = await Promise.all(
    unique.map(
      async (id) =>
        [id, (await deps.directory.getGroup(id).catch(() => undefined))?.displayName] as const,
    ),
  );
  return new Map(
    found.map(([id, name]) => [id, name ?? t('profiles.groupFallback', { id: id.slice(0, 8) })]),
  );
}

function describeTargets(
  targets: AssignmentTarget[],
  names: Map<string, string>,
  lang: Language,
): string {
  const t = translator(lang);
  if (targets.length === 0) return t('profiles.notAssigned');
  const include = targets
    .map((x) =>
      x.kind === 'allUsers'
        ? t('profiles.allUsers')
        : x.kind === 'group'
          ? names.get(x.groupId)
          : undefined,
    )
    .filter((x): x is string => x !== undefined);
  const exclude = targets
    .filter(
      (x): x is Extract<AssignmentTarget, { kind: 'exclusionGroup' }> =>
        x.kind === 'exclusionGroup',
    )
    .map((x) => names.get(x.groupId) ?? x.groupId);
  const included = include.map(escapeCardText).join(', ') || t('profiles.nobody');
  return exclude.length
    ? t('profiles.assignedToExcluding', {
        include: included,
        exclude: exclude.map(escapeCardText).join(', '),
      })
    : t('profiles.assignedTo', { include: included });
}

/** Renders the profile list in priority order (position 1 = priority 0 = applied first). */
export async function profileListCard(
  deps: AdminDeps,
  note = '',
  noteColor: 'Default' | 'Good' | 'Attention' = 'Good',
  lang: Language = 'en',
): Promise<RenderedCard> {
  const t = translator(lang);
  const [items, listVersion] = await Promise.all([
    profilesWithAssignments(deps),
    currentListVersion(deps.storage),
  ]);
  const names = await groupNames(
    deps,
    items.flatMap((i) =>
      i.assignments.flatMap((a) => (a.target.kind === 'allUsers' ? [] : [a.target.groupId])),
    ),
    lang,
  );
  const shown = items.slice(0, MAX_ROWS);
  const rows: ProfileRow[] = shown.map(({ profile, assignments }, i) => {
    const type = enrollmentTypeInfo(wizardTypeOf(profile), lang).title;
    return {
      id: profile.id,
      position: String(i + 1),
      index: i,
      name: escapeCardText(truncate(profile.displayName, 80)),
      typeText: wizardTypeOf(profile) === 'user' ? t('profiles.legacyType', { type }) : type,
      assignedText: describeTargets(
        assignments.map((a) => a.target),
        names,
        lang,
      ),
      canUp: i > 0,
      canDown: i < items.length - 1,
      upTo: i - 1,
      downTo: i + 1,
      listVersion,
    };
  });
  return renderProfileListCard(
    {
      ...banner(deps),
      intro:
        items.length === 0
          ? t('profiles.introNone')
          : items.length > MAX_ROWS
            ? t('profiles.introMore', { shown: MAX_ROWS, total: items.length })
            : t('profiles.intro'),
      note,
      noteColor,
      rows,
      moveChoices:
        shown.length > 1
          ? shown.map(({ profile }, i) => ({
              title: `${i + 1}. ${truncate(profile.displayName, 28)}`,
              value: profile.id,
            }))
          : [],
      listVersion,
      fallbackText:
        items.map((i, n) => `${n + 1}. ${i.profile.displayName}`).join('\n') ||
        t('profiles.fallbackNone'),
    },
    lang,
  );
}

/** Runs a chat command for admins only; others get the refusal. */
async function asAdmin(ctx: TurnContext, deps: AdminDeps, run: () => Promise<void>): Promise<void> {
  const auth = await deps.authorize(ctx.activity.from?.aadObjectId);
  if (!auth.admin) {
    await sendRefusal(ctx, auth);
    return;
  }
  try {
    await run();
  } catch (err) {
    if (!(err instanceof GraphError)) throw err;
    const lang = turnLanguage(ctx).lang;
    const t = translator(lang);
    await sendCard(
      ctx,
      renderNoticeCard(
        {
          title: t('profiles.graphFailedTitle'),
          message: err.adminMessage(),
          topics: [],
          footer: deps.sandbox ? deps.sandboxNotice : '',
          buttons: [{ title: t('profiles.tryAgain'), value: 'profiles' }],
          fallbackText: err.adminMessage(),
        },
        lang,
      ),
    );
  }
}

/** `profiles`: the list in priority order with move, edit and delete. */
export async function listProfilesCommand(ctx: TurnContext, deps: AdminDeps): Promise<void> {
  await asAdmin(ctx, deps, async () =>
    sendCard(ctx, await profileListCard(deps, '', 'Good', turnLanguage(ctx).lang)).then(
      () => undefined,
    ),
  );
}

/**
 * True when `who` can name a user in a directory lookup: a sign-in name or object id of sane
 * length, with no control characters, no URL syntax and no broken (unpaired surrogate) text.
 */
export function isUserReference(who: string): boolean {
  return (
    who.length > 0 &&
    who.length <= 320 &&
    // eslint-disable-next-line no-control-regex -- control characters are what we refuse
    !/[\u0000-\u001f\u007f/?#\\]/.test(who) &&
    !hasLoneSurrogate(who)
  );
}

/** An example sign-in name in the tenant's own domain (the asking admin's), else contoso.com. */
async function exampleUpn(ctx: TurnContext, deps: AdminDeps): Promise<string> {
  const id = ctx.activity.from?.aadObjectId;
  const upn = id
    ? (await deps.directory.getUser(id).catch(() => undefined))?.userPrincipalName
    : '';
  const at = upn ? upn.lastIndexOf('@') : -1;
  const domain = upn && at > 0 ? upn.slice(at + 1) : '';
  return /^[a-z0-9.-]{3,100}$/i.test(domain) ? `name@${domain}` : 'name@contoso.com';
}

/** Finds the user named in "which profile applies to <user>?". */
export function parseWhichProfile(text: string): string | undefined {
  const match =
    /^(?:which|what) (?:enrollment )?profile (?:applies|would apply|is applied|gets applied) (?:to|for) (.+?)\??$/i.exec(
      text.trim(),
    );
  // After a spelling correction ("whch profle aplies to …") the person is what follows the last
  // "to" or "for", as typed.
  const loose = match ?? /\s(?:to|for)\s+(.+?)\??$/i.exec(text.trim());
  return loose?.[1]?.trim().replace(/^@/, '');
}

/**
 * "Which profile applies to <user>?": the rule Intune applies. Among profiles assigned to all
 * users or to a group the user is in (and not excluding one), the highest priority wins.
 */
export async function whichProfileCommand(
  ctx: TurnContext,
  deps: AdminDeps,
  who: string,
): Promise<void> {
  await asAdmin(ctx, deps, async () => {
    const lang = turnLanguage(ctx).lang;
    const t = translator(lang);
    if (who.trim() === '') {
      await sendCard(
        ctx,
        renderNoticeCard(
          {
            title: t('profiles.which.personTitle'),
            message: t('profiles.which.personMessage', {
              upn: escapeCardText(await exampleUpn(ctx, deps)),
            }),
            topics: [],
            footer: '',
            buttons: [],
            fallbackText: t('profiles.which.personFallback'),
          },
          lang,
        ),
      );
      return;
    }
    const valid = isUserReference(who);
    let user = valid ? await deps.directory.getUser(who) : undefined;
    // Not a sign-in name or id: look the words up as a (partial) display or sign-in name.
    const matches =
      !user && valid && who.length <= 100 ? await deps.directory.searchUsers(who, 6) : [];
    if (!user && matches.length === 1) user = matches[0];
    if (!user && matches.length > 1) {
      const shown = matches.slice(0, 5);
      const typed = escapeCardText(truncate(who, 80));
      await sendCard(
        ctx,
        renderNoticeCard(
          {
            title: t('profiles.which.severalTitle'),
            message:
              matches.length > shown.length
                ? t('profiles.which.severalMessageMore', { who: typed })
                : t('profiles.which.severalMessage', { who: typed }),
            topics: [],
            footer: '',
            buttons: shown.map((u) => ({
              title: truncate(`${u.displayName} (${u.userPrincipalName})`, 60),
              value: t('profiles.which.command', { user: u.userPrincipalName }),
            })),
            fallbackText: t('profiles.which.severalFallback', {
              users: shown.map((u) => u.userPrincipalName).join(', '),
            }),
          },
          lang,
        ),
      );
      return;
    }
    if (!user) {
      await sendCard(
        ctx,
        renderNoticeCard(
          {
            title: t('profiles.which.notFoundTitle'),
            message: t('profiles.which.notFoundMessage', {
              who: escapeCardText(truncate(replaceLoneSurrogates(who), 80)),
              upn: escapeCardText(await exampleUpn(ctx, deps)),
            }),
            topics: [],
            footer: '',
            buttons: [],
            fallbackText: t('profiles.which.notFoundFallback'),
          },
          lang,
        ),
      );
      return;
    }
    const [groupIds, items] = await Promise.all([
      deps.directory.userGroupIds(user.id),
      profilesWithAssignments(deps),
    ]);
    const result = applicableProfile(items, groupIds);
    const who2 = `${escapeCardText(user.displayName)} (${escapeCardText(user.userPrincipalName)})`;
    let message: string;
    if (result) {
      const position = items.findIndex((i) => i.profile.id === result.profile.id) + 1;
      const why =
        result.reason.kind === 'allUsers'
          ? t('profiles.which.whyAllUsers')
          : t('profiles.which.whyGroup', {
              group: escapeCardText(
                (await deps.directory.getGroup(result.reason.groupId))?.displayName ??
                  t('profiles.which.aGroup'),
              ),
            });
      const above = items.slice(0, position - 1).map((i) => escapeCardText(i.profile.displayName));
      const values = {
        profile: escapeCardText(result.profile.displayName),
        position,
        who: who2,
        why,
        type: enrollmentTypeInfo(wizardTypeOf(result.profile), lang).title,
      };
      message = above.length
        ? t('profiles.which.appliesAbove', { ...values, above: above.join('; ') })
        : t('profiles.which.applies', values);
    } else {
      message = t('profiles.which.noneApplies', { who: who2 });
    }
    await sendCard(
      ctx,
      renderNoticeCard(
        {
          title: t('profiles.which.title'),
          message,
          topics: [],
          footer: deps.sandbox ? deps.sandboxNotice : t('profiles.which.footer'),
          buttons: [{ title: t('profiles.which.showAll'), value: 'profiles' }],
          fallbackText: message.replace(/\*\*/g, ''),
        },
        lang,
      ),
    );
  });
}

/** The admin's locale and time zone, as Teams sends them on the activity. */
function timeStyleOf(ctx: TurnContext): TimeStyle {
  const a = ctx.activity as { locale?: unknown; localTimezone?: unknown };
  return {
    ...(typeof a.locale === 'string' && a.locale.length <= 35 ? { locale: a.locale } : {}),
    ...(typeof a.localTimezone === 'string' && a.localTimezone.length <= 64
      ? { timeZone: a.localTimezone }
      : {}),
  };
}

/** `audit`: the last 20 recorded changes. */
export async function auditCommand(ctx: TurnContext, deps: AdminDeps): Promise<void> {
  await asAdmin(ctx, deps, async () => {
    const lang = turnLanguage(ctx).lang;
    const t = translator(lang);
    const entries = await deps.audit.recent(20);
    await sendCard(
      ctx,
      renderAuditListCard(
        {
          title: t('admin.audit.title', { count: entries.length }),
          entries: entries.map((e) => auditRow(e, timeStyleOf(ctx), lang)),
          fallbackText:
            entries
              .map((e) =>
                `${auditTime(e.at, timeStyleOf(ctx))}: ${auditSentence(e, lang)}`.replace(
                  /\*/g,
                  '',
                ),
              )
              .join('\n') || t('admin.audit.noneFallback'),
        },
        lang,
      ),
    );
  });
}

/** The list's version a card was drawn at; absent on cards from before versions existed. */
const listVersion = z.number().int().min(0).optional();
const moveSchema = z.object({
  profileId: z.string().min(1).max(100),
  from: z.number().int().min(0).max(1000),
  to: z.number().int().min(0).max(1000),
  listVersion,
});
const profileIdSchema = z.object({ profileId: z.string().min(1).max(100) });
const deleteSchema = profileIdSchema.extend({ listVersion });

function adminAction<T>(
  deps: AdminDeps,
  schema: z.ZodType<T>,
  act: (ctx: TurnContext, data: T) => Promise<AdaptiveCardInvokeResponse>,
): CardActionHandler<T> {
  return {
    schema,
    async handle(ctx, data) {
      // Profile list actions move and delete profiles: a fresh check, not a cached answer.
      const auth = await deps.authorize(ctx.activity.from?.aadObjectId, { fresh: true });
      if (!auth.admin) return refusalResponse(auth, turnLanguage(ctx).lang);
      try {
        return await act(ctx, data);
      } catch (err) {
        if (err instanceof GraphError) return errorResponse(500, 'GraphError', err.adminMessage());
        throw err;
      }
    },
  };
}

/** "Move to position": which profile (an id from the list) and the 1-based position. */
const moveToSchema = z.object({
  moveProfile: z.string().max(100).optional(),
  // Input.Number: Teams sends a number (or its text); empty when left blank.
  movePosition: z
    .union([z.number().int().min(1).max(1000), z.string().regex(/^\d{1,3}$|^$/)])
    .optional(),
  listVersion,
});

/**
 * Moves a profile to `toIndex` (0-based) of the list in priority order. `fromIndex` is where the
 * card showed it (Move up/down): if the order changed since, nothing moves. One click of a burst
 * wins the list-version claim; the rest change nothing. Works with the priority numbers Intune
 * really keeps (gaps, repeats): the target's own number is sent to setPriority.
 */
async function moveProfile(
  ctx: TurnContext,
  deps: AdminDeps,
  profileId: string,
  fromIndex: number | undefined,
  toIndex: number,
  seen: number | undefined,
): Promise<AdaptiveCardInvokeResponse> {
  const lang = turnLanguage(ctx).lang;
  const t = translator(lang);
  const before = [...(await deps.profiles.list())].sort(byPriority);
  const index = before.findIndex((p) => p.id === profileId);
  const profile = before[index];
  if (!profile || (fromIndex !== undefined && index !== fromIndex)) {
    return cardResponse(await profileListCard(deps, t('profiles.orderChanged'), 'Attention', lang));
  }
  const to = Math.min(Math.max(0, Math.trunc(toIndex)), before.length - 1);
  if (to === index) {
    return cardResponse(
      await profileListCard(
        deps,
        t('profiles.alreadyAt', {
          name: escapeCardText(profile.displayName),
          position: index + 1,
        }),
        'Default',
        lang,
      ),
    );
  }
  if (!(await claimListChange(deps.storage, seen))) {
    return cardResponse(await profileListCard(deps, t('profiles.outdatedList'), 'Attention', lang));
  }
  // Send the priority number of the profile now at the target place (right when Intune keeps
  // numbers with gaps). If the profile did not land there (numbers that repeat, or a tenant that
  // reads the number as a position), send the position itself once: both readings then agree.
  const priority = moveTo(before, profileId, to) ?? profile.priority;
  let moved = await deps.profiles.setPriority(profileId, priority);
  let after = [...(await deps.profiles.list())].sort(byPriority);
  if (after.findIndex((p) => p.id === profileId) !== to && priority !== to) {
    moved = await deps.profiles.setPriority(profileId, to);
    after = [...(await deps.profiles.list())].sort(byPriority);
  }
  await deps.audit.record({
    actor: actorOf(ctx),
    action: 'profile.reorder',
    target: { type: 'profile', id: profileId, name: profile.displayName },
    before: before.map((p) => p.displayName),
    after: after.map((p) => p.displayName),
    requestId: moved.call.requestId,
    graphDate: moved.call.date,
    sandbox: deps.sandbox,
  });
  const now = after.findIndex((p) => p.id === profileId) + 1;
  return cardResponse(
    await profileListCard(
      deps,
      t('profiles.moved', { name: escapeCardText(profile.displayName), position: now }),
      'Good',
      lang,
    ),
  );
}

/** Registers the profile list's card actions. */
export function registerProfileActions(
  registry: Map<string, CardActionHandler<unknown>>,
  deps: AdminDeps,
): void {
  registerCardAction(
    registry,
    VERBS.profileMove,
    adminAction(deps, moveSchema, (ctx, { profileId, from, to, listVersion: seen }) =>
      moveProfile(ctx, deps, profileId, from, to, seen),
    ),
  );
  registerCardAction(
    registry,
    VERBS.profileMoveTo,
    adminAction(deps, moveToSchema, async (ctx, { moveProfile: id, movePosition, listVersion }) => {
      if (!id || !movePosition) {
        const t = tr(ctx);
        return cardResponse(
          await profileListCard(
            deps,
            t('profiles.chooseMove'),
            'Attention',
            turnLanguage(ctx).lang,
          ),
        );
      }
      return moveProfile(ctx, deps, id, undefined, Number(movePosition) - 1, listVersion);
    }),
  );
  registerCardAction(
    registry,
    VERBS.profileRefresh,
    adminAction(deps, z.object({}), async (ctx) =>
      cardResponse(await profileListCard(deps, '', 'Good', turnLanguage(ctx).lang)),
    ),
  );
  registerCardAction(
    registry,
    VERBS.profileDelete,
    adminAction(deps, profileIdSchema, async (ctx, { profileId }) => {
      const lang = turnLanguage(ctx).lang;
      const t = translator(lang);
      const profile = await deps.profiles.get(profileId);
      if (!profile)
        return cardResponse(
          await profileListCard(deps, t('profiles.noLongerExists'), 'Attention', lang),
        );
      return cardResponse(
        renderProfileConfirmCard(
          {
            ...banner(deps),
            title: t('profiles.deleteTitle', {
              name: escapeCardText(truncate(profile.displayName, 60)),
            }),
            message: t('profiles.deleteMessage'),
            confirmTitle: t('profiles.deleteConfirm'),
            profileId,
            listVersion: await currentListVersion(deps.storage),
          },
          lang,
        ),
      );
    }),
  );
  registerCardAction(
    registry,
    VERBS.profileDeleteConfirm,
    adminAction(deps, deleteSchema, async (ctx, { profileId, listVersion: seen }) => {
      const lang = turnLanguage(ctx).lang;
      const t = translator(lang);
      const profile = await deps.profiles.get(profileId);
      if (!profile)
        return cardResponse(
          await profileListCard(deps, t('profiles.alreadyDeleted'), 'Attention', lang),
        );
      if (!(await claimListChange(deps.storage, seen))) {
        return cardResponse(
          await profileListCard(deps, t('profiles.deleteOutdated'), 'Attention', lang),
        );
      }
      let deleted: Awaited<ReturnType<typeof deps.profiles.delete>>;
      try {
        deleted = await deps.profiles.delete(profileId);
      } catch (err) {
        // Gone between the read and the delete (another admin, the admin center): the admin's
        // wish is met. Not our change, so no audit entry.
        if (!(err instanceof GraphError) || err.details.reason !== 'not_found') throw err;
        return cardResponse(
          await profileListCard(deps, t('profiles.alreadyDeleted'), 'Attention', lang),
        );
      }
      await deps.audit.record({
        actor: actorOf(ctx),
        action: 'profile.delete',
        target: { type: 'profile', id: profileId, name: profile.displayName },
        before: profile,
        requestId: deleted.call.requestId,
        graphDate: deleted.call.date,
        sandbox: deps.sandbox,
      });
      return cardResponse(
        await profileListCard(
          deps,
          t('profiles.deleted', { name: escapeCardText(profile.displayName) }),
          'Good',
          lang,
        ),
      );
    }),
  );
  registerCardAction(
    registry,
    VERBS.profileEdit,
    adminAction(deps, profileIdSchema, async (ctx, { profileId }) => {
      const lang = turnLanguage(ctx).lang;
      const t = translator(lang);
      const profile = await deps.profiles.get(profileId);
      if (!profile)
        return cardResponse(
          await profileListCard(deps, t('profiles.noLongerExists'), 'Attention', lang),
        );
      const assignments = await deps.profiles.listAssignments(profileId);
      const ids = assignments.flatMap((a) =>
        a.target.kind === 'allUsers' ? [] : [a.target.groupId],
      );
      const names = await groupNames(deps, ids, lang);
      const ref = (id: string): GroupRef => ({ id, displayName: names.get(id) ?? id });
      return cardResponse(
        await startWizard(ctx, deps, {
          profile,
          allUsers: assignments.some((a) => a.target.kind === 'allUsers'),
          include: assignments.flatMap((a) =>
            a.target.kind === 'group' ? [ref(a.target.groupId)] : [],
          ),
          exclude: assignments.flatMap((a) =>
            a.target.kind === 'exclusionGroup' ? [ref(a.target.groupId)] : [],
          ),
        }),
      );
    }),
  );
}
