import { randomUUID } from 'node:crypto';

import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';

import {
  cardResponse,
  errorResponse,
  registerCardAction,
  type CardActionHandler,
} from '../../actions/card-actions';
import {
  renderWizardAssignmentsCard,
  renderWizardBasicsCard,
  renderWizardResultCard,
  renderWizardReviewCard,
  renderWizardSettingsCard,
} from '../../cards/admin-cards';
import type { RenderedCard } from '../../cards/render';
import { escapeCardText, truncate } from '../../cards/text';
import { VERBS } from '../../cards/verbs';
import { GraphError } from '../../graph/errors';
import {
  dynamicGroupRule,
  isDeviceGroup,
  moveTo,
  ruleMentionsDevice,
} from '../../graph/profile-logic';
import type {
  AssignmentTarget,
  EnrollmentProfile,
  NewEnrollmentProfile,
  OwnerTypeOption,
} from '../../graph/types';
import { sendCard } from '../context';

import {
  actorOf,
  banner,
  ENROLLMENT_TYPE_INFO,
  refusalResponse,
  sendRefusal,
  wizardTypeOf,
  type AdminDeps,
  type WizardEnrollmentType,
} from './admin-deps';
import { bumpListVersion } from './profile-list-version';
import {
  WizardStore,
  type AssignmentOutcome,
  type GroupRef,
  type LoadedState,
  type WizardState,
  type WizardStep,
} from './wizard-store';

/** Longest profile name the wizard accepts. */
export const MAX_NAME = 64;
const MAX_DESCRIPTION = 1000;
const PAGES: WizardStep[] = ['basics', 'settings', 'assignments', 'review'];
const PAGE_TITLES: Record<string, string> = {
  basics: 'Basics',
  settings: 'Settings',
  assignments: 'Assignments',
  review: 'Review + create',
};

/** The Graph body for a wizard type. User choice follows graph-reference §1.5 (see note). */
export function enrollmentBody(
  type: WizardEnrollmentType,
  template?: EnrollmentProfile,
): Pick<NewEnrollmentProfile, 'defaultEnrollmentType' | 'availableEnrollmentTypeOptions'> {
  if (type !== 'userChoice') {
    return { defaultEnrollmentType: type, availableEnrollmentTypeOptions: [] };
  }
  if (template && template.availableEnrollmentTypeOptions.length > 0) {
    // Copy the exact shape the admin center wrote for an existing user-choice profile.
    return {
      defaultEnrollmentType: template.defaultEnrollmentType,
      availableEnrollmentTypeOptions: template.availableEnrollmentTypeOptions,
    };
  }
  const options: OwnerTypeOption[] = [
    { ownerType: 'company', enrollmentType: 'device' },
    { ownerType: 'personal', enrollmentType: 'device' },
    { ownerType: 'personal', enrollmentType: 'accountDrivenUserEnrollment' },
  ];
  return { defaultEnrollmentType: 'unknown', availableEnrollmentTypeOptions: options };
}

/** Trims and checks a profile name; returns an error line or undefined. */
export function validateName(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'Enter a name.';
  if (Array.from(trimmed).length > MAX_NAME)
    return `Keep the name to ${MAX_NAME} characters or fewer.`;
  // eslint-disable-next-line no-control-regex -- control characters are what we refuse
  if (/[\u0000-\u001f\u007f]/.test(trimmed))
    return 'The name cannot contain line breaks or control characters.';
  return undefined;
}

function progressLine(step: WizardStep, notice = ''): string {
  const index = PAGES.indexOf(step);
  const trail = PAGES.map((p) => (p === step ? `**${PAGE_TITLES[p]}**` : PAGE_TITLES[p])).join(
    ' › ',
  );
  return `${notice}Step ${index + 1} of 4: ${trail}`;
}

function groupList(groups: GroupRef[]): string {
  return groups.length === 0 ? 'none' : groups.map((g) => escapeCardText(g.displayName)).join(', ');
}

function heading(state: WizardState): string {
  return state.mode === 'edit'
    ? `Edit profile: ${escapeCardText(truncate(state.name, 60))}`
    : 'Create an iOS/iPadOS enrollment profile';
}

function typeChoices(state: WizardState): { title: string; value: string }[] {
  const types: WizardEnrollmentType[] = [
    'accountDrivenUserEnrollment',
    'webDeviceEnrollment',
    'device',
    'userChoice',
  ];
  if (state.mode === 'edit' && state.originalType === 'user') types.push('user');
  return types.map((t) => ({ title: ENROLLMENT_TYPE_INFO[t].title, value: t }));
}

/** Per-page errors shown beside the fields. */
export interface PageErrors {
  name?: string;
  description?: string;
  type?: string;
  assignments?: string;
  review?: string;
  info?: string;
}

/** Renders the card for the run's current step. `notice` prefixes the progress line. */
export function renderStep(
  deps: AdminDeps,
  state: WizardState,
  errors: PageErrors = {},
  notice = '',
): RenderedCard {
  const base = {
    ...banner(deps),
    runId: state.runId,
    version: state.version,
    heading: heading(state),
    progress: progressLine(state.step, notice),
  };
  switch (state.step) {
    case 'basics':
      return renderWizardBasicsCard({
        ...base,
        name: state.name,
        description: state.description,
        nameError: errors.name ?? '',
        descriptionError: errors.description ?? '',
        ruleText: dynamicGroupRule(state.name.trim() || '<profile name>'),
      });
    case 'settings':
      return renderWizardSettingsCard({
        ...base,
        enrollmentType: state.enrollmentType,
        typeError: errors.type ?? '',
        choices: typeChoices(state),
        explanations: [
          ...typeChoices(state).map((c) => ({
            text: `**${ENROLLMENT_TYPE_INFO[c.value as WizardEnrollmentType].title}:** ${ENROLLMENT_TYPE_INFO[c.value as WizardEnrollmentType].explain}`,
          })),
          ...(state.mode === 'create' || state.originalType !== 'user'
            ? [
                {
                  text: `**${ENROLLMENT_TYPE_INFO.user.title}:** ${ENROLLMENT_TYPE_INFO.user.explain}`,
                },
              ]
            : []),
        ],
      });
    case 'assignments': {
      const results = state.search?.results ?? [];
      return renderWizardAssignmentsCard({
        ...base,
        target: state.target,
        includedText: state.target === 'allUsers' ? 'all users' : groupList(state.include),
        excludedText: groupList(state.exclude),
        searchText: state.search?.text ?? '',
        resultsLabel: state.search
          ? `User groups matching "${escapeCardText(truncate(state.search.text, 40))}"`
          : '',
        results: results.map((g) => ({ title: truncate(g.displayName, 80), value: g.id })),
        refused: (state.search?.refused ?? []).map((r) => ({
          text: `⛔ ${escapeCardText(truncate(r.name, 80))}: ${r.reason}`,
        })),
        message:
          errors.assignments ??
          errors.info ??
          (state.search && results.length === 0 && state.search.refused.length === 0
            ? `No groups found for "${escapeCardText(truncate(state.search.text, 40))}".`
            : ''),
        messageColor: errors.assignments ? 'Attention' : 'Default',
      });
    }
    default:
      return renderReview(deps, state, errors.review ?? '');
  }
}

function assignedText(state: WizardState): string {
  return state.target === 'allUsers' ? 'All users' : groupList(state.include);
}

function renderReview(deps: AdminDeps, state: WizardState, error: string): RenderedCard {
  const type = state.enrollmentType === '' ? 'accountDrivenUserEnrollment' : state.enrollmentType;
  const facts = [
    { title: 'Name', value: escapeCardText(state.name) },
    {
      title: 'Description',
      value: state.description ? escapeCardText(truncate(state.description, 300)) : '(none)',
    },
    { title: 'Platform', value: 'iOS/iPadOS' },
    { title: 'Enrollment type', value: ENROLLMENT_TYPE_INFO[type].title },
    { title: 'Assigned to', value: assignedText(state) },
    { title: 'Excluded', value: groupList(state.exclude) },
    { title: 'Dynamic group rule', value: escapeCardText(dynamicGroupRule(state.name)) },
  ];
  const note =
    type === 'userChoice'
      ? 'Note: the exact settings the admin center stores for "user choice" are not documented. I copy them from an existing user-choice profile when there is one; otherwise I use the documented owner/method pairs. Check the profile in the admin center afterwards.'
      : state.mode === 'create'
        ? 'The new profile goes to the end of the priority order; you can move it right after creating it.'
        : '';
  return renderWizardReviewCard({
    ...banner(deps),
    runId: state.runId,
    version: state.version,
    heading: heading(state),
    progress: progressLine('review'),
    facts,
    note,
    error,
    confirmTitle: state.mode === 'edit' ? 'Save changes' : 'Create',
    fallbackText: facts.map((f) => `${f.title}: ${f.value}`).join('\n'),
  });
}

/** Starts a new wizard run in this conversation (create mode, or edit mode for a profile). */
export async function startWizard(
  ctx: TurnContext,
  deps: AdminDeps,
  edit?: {
    profile: EnrollmentProfile;
    include: GroupRef[];
    exclude: GroupRef[];
    allUsers: boolean;
  },
): Promise<RenderedCard> {
  const now = (deps.now ?? (() => new Date()))().toISOString();
  const state: WizardState = {
    runId: randomUUID(),
    version: 1,
    mode: edit ? 'edit' : 'create',
    ownerAadObjectId: actorOf(ctx).aadObjectId,
    conversationId: ctx.activity.conversation?.id ?? 'unknown',
    step: 'basics',
    name: edit?.profile.displayName ?? '',
    description: edit?.profile.description ?? '',
    enrollmentType: edit ? wizardTypeOf(edit.profile) : 'accountDrivenUserEnrollment',
    target: edit ? (edit.allUsers ? 'allUsers' : 'groups') : '',
    include: edit?.include ?? [],
    exclude: edit?.exclude ?? [],
    profileId: edit?.profile.id,
    originalType: edit ? wizardTypeOf(edit.profile) : undefined,
    createdAt: now,
    updatedAt: now,
  };
  await new WizardStore(deps.storage).create(state);
  return renderStep(deps, state);
}

/** `create profile` command: admins get the Basics page; everyone else a polite refusal. */
export async function createProfileCommand(ctx: TurnContext, deps: AdminDeps): Promise<void> {
  const auth = await deps.authorize(ctx.activity.from?.aadObjectId);
  if (!auth.admin) {
    await sendRefusal(ctx, auth);
    return;
  }
  await sendCard(ctx, await startWizard(ctx, deps));
}

const runSchema = z.object({ runId: z.string().uuid(), version: z.number().int().min(1) });

/** Inputs of the Basics/Settings/Assignments pages, all optional: which apply depends on the page. */
export const wizardNextSchema = runSchema.extend({
  name: z.string().max(2000).optional(),
  description: z.string().max(5000).optional(),
  enrollmentType: z.string().max(60).optional(),
  target: z.string().max(20).optional(),
  groupSearch: z.string().max(500).optional(),
  picked: z.string().max(4000).optional(),
});
const gotoSchema = runSchema.extend({ step: z.enum(['basics', 'settings', 'assignments']) });
const addGroupsSchema = wizardNextSchema.extend({ mode: z.enum(['include', 'exclude']) });
const placeSchema = runSchema.extend({ position: z.string().regex(/^\d{1,3}$/) });

type RunData = z.infer<typeof runSchema>;

interface RunContext {
  loaded: LoadedState;
  store: WizardStore;
}

/**
 * Loads the run a card action refers to, after checking the acting user is (still) an admin.
 * Returns an invoke response instead when the action must be refused: not an admin, another
 * user's card or an unknown run, or a stale/replayed card (then the current page is shown).
 */
async function openRun(
  ctx: TurnContext,
  deps: AdminDeps,
  data: RunData,
): Promise<RunContext | AdaptiveCardInvokeResponse> {
  const auth = await deps.authorize(ctx.activity.from?.aadObjectId);
  if (!auth.admin) return refusalResponse(auth);
  const store = new WizardStore(deps.storage);
  const loaded = await store.load(
    ctx.activity.conversation?.id ?? 'unknown',
    actorOf(ctx).aadObjectId,
    data.runId,
  );
  if (!loaded) {
    return errorResponse(
      403,
      'NotYourWizard',
      "This card belongs to another admin's wizard, or to one that has ended. Nothing was changed. Type **create profile** to start your own.",
    );
  }
  if (loaded.state.version !== data.version) {
    return cardResponse(
      currentCard(
        deps,
        loaded.state,
        '⚠️ That button was on an older copy of this card, so nothing changed. Here is where the wizard is now. ',
      ),
    );
  }
  return { loaded, store };
}

function isResponse(x: RunContext | AdaptiveCardInvokeResponse): x is AdaptiveCardInvokeResponse {
  return 'statusCode' in x;
}

/** The card for the run's state, including outcomes after Create. */
function currentCard(deps: AdminDeps, state: WizardState, notice = ''): RenderedCard {
  if (PAGES.includes(state.step)) return renderStep(deps, state, {}, notice);
  return resultCard(deps, state, [], notice);
}

function bump(state: WizardState, patch: Partial<WizardState>, deps: AdminDeps): WizardState {
  return {
    ...state,
    ...patch,
    version: state.version + 1,
    updatedAt: (deps.now ?? (() => new Date()))().toISOString(),
  };
}

/** Saves and renders; on a concurrent change shows the current state instead. */
async function saveAndRender(
  deps: AdminDeps,
  run: RunContext,
  next: WizardState,
  errors: PageErrors = {},
): Promise<AdaptiveCardInvokeResponse> {
  if (!(await run.store.save(run.loaded, next))) {
    const fresh = await run.store.load(next.conversationId, next.ownerAadObjectId, next.runId);
    return cardResponse(
      currentCard(deps, fresh?.state ?? run.loaded.state, '⚠️ Another click got there first. '),
    );
  }
  return cardResponse(renderStep(deps, next, errors));
}

function graphMessage(err: unknown): string {
  return err instanceof GraphError ? err.adminMessage() : 'Something went wrong talking to Intune.';
}

async function applyNext(
  deps: AdminDeps,
  run: RunContext,
  input: z.infer<typeof wizardNextSchema>,
): Promise<AdaptiveCardInvokeResponse> {
  const state = run.loaded.state;
  switch (state.step) {
    case 'basics': {
      const name = (input.name ?? '').trim();
      const description = (input.description ?? '').trim();
      const errors: PageErrors = {};
      errors.name = validateName(name);
      if (Array.from(description).length > MAX_DESCRIPTION) {
        errors.description = `Keep the description to ${MAX_DESCRIPTION} characters or fewer.`;
      }
      if (!errors.name) {
        try {
          const existing = await deps.profiles.list();
          const clash = existing.find(
            (p) =>
              p.displayName.trim().toLowerCase() === name.toLowerCase() && p.id !== state.profileId,
          );
          if (clash)
            errors.name =
              'A profile with this name already exists (names are compared ignoring case). Choose another name.';
        } catch (err) {
          errors.name = graphMessage(err);
        }
      }
      if (errors.name || errors.description) {
        // Same page, values kept, state unchanged.
        return cardResponse(renderStep(deps, { ...state, name, description }, errors));
      }
      return saveAndRender(deps, run, bump(state, { name, description, step: 'settings' }, deps));
    }
    case 'settings': {
      const allowed = typeChoices(state).map((c) => c.value);
      const type = input.enrollmentType ?? '';
      if (!allowed.includes(type)) {
        return cardResponse(
          renderStep(deps, state, {
            type:
              type === 'user'
                ? 'User enrollment with Company Portal is no longer available for new enrollments. Choose account driven user enrollment instead.'
                : 'Choose one of the enrollment types.',
          }),
        );
      }
      return saveAndRender(
        deps,
        run,
        bump(state, { enrollmentType: type as WizardEnrollmentType, step: 'assignments' }, deps),
      );
    }
    case 'assignments': {
      const target = input.target === 'allUsers' || input.target === 'groups' ? input.target : '';
      if (target === '') {
        return cardResponse(
          renderStep(deps, state, { assignments: 'Choose All users or Selected user groups.' }),
        );
      }
      if (target === 'groups' && state.include.length === 0) {
        return cardResponse(
          renderStep(
            deps,
            { ...state, target },
            {
              assignments:
                'Search for at least one user group and include it, or choose All users.',
            },
          ),
        );
      }
      return saveAndRender(
        deps,
        run,
        bump(state, { target, step: 'review', search: undefined }, deps),
      );
    }
    default:
      return cardResponse(currentCard(deps, state));
  }
}

/** Searches user groups and sorts out device groups (refused with the reason). */
async function searchGroups(
  deps: AdminDeps,
  run: RunContext,
  input: z.infer<typeof wizardNextSchema>,
): Promise<AdaptiveCardInvokeResponse> {
  const state = run.loaded.state;
  const target =
    input.target === 'allUsers' || input.target === 'groups' ? input.target : state.target;
  const text = (input.groupSearch ?? '').trim();
  if (text.length < 2 || text.length > 100) {
    return cardResponse(
      renderStep(
        deps,
        { ...state, target },
        { assignments: 'Type 2 to 100 characters of a group name to search.' },
      ),
    );
  }
  let results: GroupRef[] = [];
  const refused: { name: string; reason: string }[] = [];
  try {
    const groups = await deps.directory.searchGroups(text, 15);
    const checked = await Promise.all(
      groups.map(async (g) => {
        const dynamicDevice = ruleMentionsDevice(g.membershipRule);
        // Only assigned (non-dynamic) groups can hold devices without a device rule.
        const devices =
          dynamicDevice || g.membershipRule ? 0 : await deps.directory.countDeviceMembers(g.id);
        return { g, device: isDeviceGroup(g, devices), dynamicDevice };
      }),
    );
    for (const c of checked) {
      if (c.device) {
        refused.push({
          name: c.g.displayName,
          reason: c.dynamicDevice
            ? 'device group (its dynamic rule uses device attributes). User enrollment needs a user identity, so only user groups can be assigned.'
            : 'contains devices. User enrollment needs a user identity, so only user groups can be assigned.',
        });
      } else {
        results.push({ id: c.g.id, displayName: c.g.displayName });
      }
    }
    const chosen = new Set([...state.include, ...state.exclude].map((g) => g.id));
    results = results.filter((g) => !chosen.has(g.id)).slice(0, 10);
  } catch (err) {
    return cardResponse(renderStep(deps, { ...state, target }, { assignments: graphMessage(err) }));
  }
  return saveAndRender(
    deps,
    run,
    bump(
      state,
      { target: target === '' ? 'groups' : target, search: { text, results, refused } },
      deps,
    ),
  );
}

/** Adds picked groups; only ids from this run's own search results are accepted. */
async function addGroups(
  deps: AdminDeps,
  run: RunContext,
  input: z.infer<typeof addGroupsSchema>,
): Promise<AdaptiveCardInvokeResponse> {
  const state = run.loaded.state;
  const ids = (input.picked ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const offered = new Map((state.search?.results ?? []).map((g) => [g.id, g]));
  const picked = ids.map((id) => offered.get(id)).filter((g): g is GroupRef => g !== undefined);
  if (picked.length === 0) {
    return cardResponse(
      renderStep(deps, state, {
        assignments: 'Tick at least one group from the search results first.',
      }),
    );
  }
  const pickedIds = new Set(picked.map((g) => g.id));
  const include =
    input.mode === 'include'
      ? [...state.include, ...picked]
      : state.include.filter((g) => !pickedIds.has(g.id));
  const exclude =
    input.mode === 'exclude'
      ? [...state.exclude, ...picked]
      : state.exclude.filter((g) => !pickedIds.has(g.id));
  const remaining = (state.search?.results ?? []).filter((g) => !pickedIds.has(g.id));
  return saveAndRender(
    deps,
    run,
    bump(
      state,
      {
        target: 'groups',
        include,
        exclude,
        search: state.search ? { ...state.search, results: remaining } : undefined,
      },
      deps,
    ),
    { info: `${input.mode === 'include' ? 'Included' : 'Excluded'}: ${groupList(picked)}.` },
  );
}

function targetsOf(state: WizardState): { key: string; label: string; target: AssignmentTarget }[] {
  const list: { key: string; label: string; target: AssignmentTarget }[] = [];
  if (state.target === 'allUsers') {
    list.push({ key: 'allUsers', label: 'All users', target: { kind: 'allUsers' } });
  } else {
    for (const g of state.include) {
      list.push({
        key: `group:${g.id}`,
        label: g.displayName,
        target: { kind: 'group', groupId: g.id },
      });
    }
  }
  for (const g of state.exclude) {
    list.push({
      key: `exclude:${g.id}`,
      label: `${g.displayName} (excluded)`,
      target: { kind: 'exclusionGroup', groupId: g.id },
    });
  }
  return list;
}

function keyOf(t: AssignmentTarget): string {
  return t.kind === 'allUsers'
    ? 'allUsers'
    : t.kind === 'group'
      ? `group:${t.groupId}`
      : `exclude:${t.groupId}`;
}

/**
 * Makes the profile's assignments match the run: adds what is missing, and in edit mode removes
 * what is no longer wanted. Re-reads the assignments first, so a retry never duplicates one.
 */
async function syncAssignments(
  ctx: TurnContext,
  deps: AdminDeps,
  state: WizardState,
  profileId: string,
): Promise<AssignmentOutcome[]> {
  const wanted = targetsOf(state);
  const existing = await deps.profiles.listAssignments(profileId);
  const have = new Map(existing.map((a) => [keyOf(a.target), a]));
  const outcomes: AssignmentOutcome[] = [];
  for (const w of wanted) {
    if (have.has(w.key)) {
      outcomes.push({ key: w.key, label: w.label, ok: true });
      continue;
    }
    try {
      const added = await deps.profiles.addAssignment(profileId, w.target);
      outcomes.push({ key: w.key, label: w.label, ok: true });
      await deps.audit.record({
        actor: actorOf(ctx),
        action: 'assignment.add',
        target: { type: 'profile', id: profileId, name: state.name },
        after: { target: w.target, assignmentId: added.value.id },
        requestId: added.call.requestId,
        graphDate: added.call.date,
        sandbox: deps.sandbox,
      });
    } catch (err) {
      outcomes.push({ key: w.key, label: w.label, ok: false, error: graphMessage(err) });
    }
  }
  if (state.mode === 'edit') {
    const wantedKeys = new Set(wanted.map((w) => w.key));
    for (const a of existing) {
      if (wantedKeys.has(keyOf(a.target))) continue;
      try {
        const removed = await deps.profiles.removeAssignment(profileId, a.id);
        await deps.audit.record({
          actor: actorOf(ctx),
          action: 'assignment.remove',
          target: { type: 'profile', id: profileId, name: state.name },
          before: { target: a.target, assignmentId: a.id },
          requestId: removed.call.requestId,
          graphDate: removed.call.date,
          sandbox: deps.sandbox,
        });
      } catch (err) {
        outcomes.push({
          key: `remove:${a.id}`,
          label: `remove ${keyOf(a.target)}`,
          ok: false,
          error: graphMessage(err),
        });
      }
    }
  }
  return outcomes;
}

/** A result card with only a title and a message (no facts, placement or retry). */
function plainResult(
  deps: AdminDeps,
  state: WizardState,
  title: string,
  message: string,
  titleColor: 'Default' | 'Attention' = 'Default',
): RenderedCard {
  return renderWizardResultCard({
    ...banner(deps),
    runId: state.runId,
    version: state.version,
    facts: [],
    positions: [],
    currentPosition: '',
    canRetry: false,
    canDelete: false,
    title,
    titleColor,
    message,
    fallbackText: `${title}. ${message.replace(/\*\*/g, '')}`,
  });
}

/** Result card: created/saved, assignments that failed, or cancelled; with priority placement. */
function resultCard(
  deps: AdminDeps,
  state: WizardState,
  profiles: EnrollmentProfile[],
  notice = '',
  placed = '',
): RenderedCard {
  const base = {
    ...banner(deps),
    runId: state.runId,
    version: state.version,
    positions: [],
    currentPosition: '',
    canRetry: false,
    canDelete: false,
    facts: [] as { title: string; value: string }[],
  };
  if (state.step === 'cancelled') {
    return plainResult(
      deps,
      state,
      'Wizard cancelled',
      `${notice}Nothing was ${state.mode === 'edit' ? 'changed' : 'created'}.`,
    );
  }
  const outcomes = state.assignmentOutcomes ?? [];
  const facts = [
    { title: 'Profile', value: escapeCardText(state.name) },
    { title: 'Profile id', value: state.created?.profileId ?? state.profileId ?? '' },
    ...outcomes.map((o) => ({
      title: o.ok ? '✅ Assigned' : '❌ Not assigned',
      value: `${escapeCardText(o.label)}${o.error ? `: ${o.error}` : ''}`,
    })),
    ...(state.created?.requestId
      ? [{ title: 'Graph request-id', value: state.created.requestId }]
      : []),
  ];
  if (state.step === 'assign-failed') {
    return renderWizardResultCard({
      ...base,
      facts,
      canRetry: true,
      canDelete: state.mode === 'create',
      title: 'Profile created, but not every assignment worked',
      titleColor: 'Warning',
      message: `${notice}The profile **${escapeCardText(state.name)}** exists in Intune. The assignments marked ❌ failed, so those users won't get it yet. Retry the assignments, or delete the profile to start over.`,
      fallbackText: `Profile ${state.name} was created, but some assignments failed.`,
    });
  }
  if (state.step === 'creating') {
    return renderWizardResultCard({
      ...base,
      facts,
      title: 'Still working on it',
      titleColor: 'Default',
      message: `${notice}The profile is being ${state.mode === 'edit' ? 'saved' : 'created'}. Refresh with **profiles** in a moment.`,
      fallbackText: 'Still working on it.',
    });
  }
  const sorted = [...profiles].sort((a, b) => a.priority - b.priority);
  const index = sorted.findIndex((p) => p.id === (state.created?.profileId ?? state.profileId));
  const positions =
    index >= 0
      ? sorted.map((_, i) => ({
          title: `${i + 1}${i === 0 ? ' (applied first)' : ''}`,
          value: String(i + 1),
        }))
      : [];
  const order = sorted.map((p, i) => `${i + 1}. ${escapeCardText(p.displayName)}`).join('\n');
  return renderWizardResultCard({
    ...base,
    facts,
    positions: state.mode === 'create' ? positions : [],
    currentPosition: index >= 0 ? String(index + 1) : '',
    title: state.mode === 'edit' ? 'Changes saved' : 'Profile created',
    titleColor: 'Good',
    message: `${notice}${placed}${order ? `Priority order now:\n${order}` : ''}`,
    fallbackText: `${state.mode === 'edit' ? 'Saved' : 'Created'} ${state.name}.`,
  });
}

/** Create (or Save changes): idempotent under double clicks, retried invokes and crashes. */
async function createOrSave(
  ctx: TurnContext,
  deps: AdminDeps,
  run: RunContext,
): Promise<AdaptiveCardInvokeResponse> {
  const state = run.loaded.state;
  if (state.step !== 'review') {
    return cardResponse(currentCard(deps, state));
  }
  const started = (deps.now ?? (() => new Date()))().toISOString();
  let working = bump(state, { step: 'creating', creatingSince: started }, deps);
  // Only one click wins this write; the others see the run already 'creating' or done.
  if (!(await run.store.save(run.loaded, working))) {
    const fresh = await run.store.load(state.conversationId, state.ownerAadObjectId, state.runId);
    return cardResponse(
      currentCard(deps, fresh?.state ?? state, '⚠️ Already on it: ignoring the second click. '),
    );
  }
  const type = state.enrollmentType === '' ? 'accountDrivenUserEnrollment' : state.enrollmentType;
  let profileId = state.profileId;
  try {
    const profiles = await deps.profiles.list();
    if (state.mode === 'create') {
      // A profile with our name created after we started is ours (a retry after a crash).
      const ours = profiles.find(
        (p) =>
          p.displayName.trim().toLowerCase() === state.name.toLowerCase() &&
          (p.createdDateTime ?? '') >= (state.creatingSince ?? started),
      );
      const clash = profiles.find(
        (p) => p.displayName.trim().toLowerCase() === state.name.toLowerCase(),
      );
      if (clash && !ours) {
        working = bump(working, { step: 'review' }, deps);
        await run.store.overwrite(working);
        return cardResponse(
          renderStep(deps, working, {
            review:
              'Another profile with this name was created in the meantime. Use Edit > Basics to choose another name.',
          }),
        );
      }
      if (ours) {
        profileId = ours.id;
        working = { ...working, created: { profileId: ours.id } };
      } else {
        const template = profiles.find((p) => p.availableEnrollmentTypeOptions.length > 0);
        const created = await deps.profiles.create({
          displayName: state.name,
          description: state.description,
          priority: profiles.length,
          ...enrollmentBody(type, template),
        });
        profileId = created.value.id;
        working = {
          ...working,
          created: { profileId, requestId: created.call.requestId, date: created.call.date },
        };
        await run.store.overwrite(working);
        await deps.audit.record({
          actor: actorOf(ctx),
          action: 'profile.create',
          target: { type: 'profile', id: profileId, name: state.name },
          after: created.value,
          requestId: created.call.requestId,
          graphDate: created.call.date,
          sandbox: deps.sandbox,
        });
        await bumpListVersion(deps.storage);
      }
    } else if (profileId) {
      const before = profiles.find((p) => p.id === profileId);
      if (!before) {
        working = bump(working, { step: 'cancelled' }, deps);
        await run.store.overwrite(working);
        return cardResponse(
          plainResult(
            deps,
            working,
            'That profile no longer exists',
            'It was deleted while you were editing it. Nothing was changed.',
            'Attention',
          ),
        );
      }
      const body =
        type === wizardTypeOf(before)
          ? {}
          : enrollmentBody(
              type,
              profiles.find((p) => p.availableEnrollmentTypeOptions.length > 0),
            );
      const updated = await deps.profiles.update(profileId, {
        displayName: state.name,
        description: state.description,
        ...body,
      });
      await deps.audit.record({
        actor: actorOf(ctx),
        action: 'profile.update',
        target: { type: 'profile', id: profileId, name: state.name },
        before,
        after: updated.value ?? {
          displayName: state.name,
          description: state.description,
          ...body,
        },
        requestId: updated.call.requestId,
        graphDate: updated.call.date,
        sandbox: deps.sandbox,
      });
      await bumpListVersion(deps.storage);
      working = {
        ...working,
        created: { profileId, requestId: updated.call.requestId, date: updated.call.date },
      };
    }
  } catch (err) {
    deps.logger.warn({ err, runId: state.runId }, 'profile create/save failed');
    working = bump(working, { step: 'review' }, deps);
    await run.store.overwrite(working);
    return cardResponse(
      renderStep(deps, working, {
        review: `${state.mode === 'edit' ? 'Saving' : 'Creating'} the profile failed, so nothing was ${state.mode === 'edit' ? 'changed' : 'created'}. ${graphMessage(err)}`,
      }),
    );
  }
  return finishAssignments(ctx, deps, run.store, working, profileId ?? '');
}

async function finishAssignments(
  ctx: TurnContext,
  deps: AdminDeps,
  store: WizardStore,
  working: WizardState,
  profileId: string,
): Promise<AdaptiveCardInvokeResponse> {
  let outcomes: AssignmentOutcome[];
  try {
    outcomes = await syncAssignments(ctx, deps, working, profileId);
  } catch (err) {
    outcomes = [
      {
        key: 'list',
        label: 'Reading the current assignments',
        ok: false,
        error: graphMessage(err),
      },
    ];
  }
  const failed = outcomes.some((o) => !o.ok);
  const next = bump(
    working,
    { step: failed ? 'assign-failed' : 'done', assignmentOutcomes: outcomes },
    deps,
  );
  await store.overwrite(next);
  let profiles: EnrollmentProfile[] = [];
  if (!failed) {
    profiles = await deps.profiles.list().catch(() => []);
  }
  return cardResponse(resultCard(deps, next, profiles));
}

function handler<T extends RunData>(
  deps: AdminDeps,
  schema: z.ZodType<T>,
  act: (ctx: TurnContext, run: RunContext, data: T) => Promise<AdaptiveCardInvokeResponse>,
): CardActionHandler<T> {
  return {
    schema,
    async handle(ctx, data) {
      const run = await openRun(ctx, deps, data);
      if (isResponse(run)) return run;
      return act(ctx, run, data);
    },
  };
}

/** Registers the wizard's card actions. */
export function registerWizardActions(
  registry: Map<string, CardActionHandler<unknown>>,
  deps: AdminDeps,
): void {
  registerCardAction(
    registry,
    VERBS.wizardNext,
    handler(deps, wizardNextSchema, (_ctx, run, data) => applyNext(deps, run, data)),
  );
  registerCardAction(
    registry,
    VERBS.wizardBack,
    handler(deps, runSchema, (_ctx, run) => {
      const s = run.loaded.state;
      const index = PAGES.indexOf(s.step);
      if (index <= 0) return Promise.resolve(cardResponse(currentCard(deps, s)));
      return saveAndRender(deps, run, bump(s, { step: PAGES[index - 1] ?? 'basics' }, deps));
    }),
  );
  registerCardAction(
    registry,
    VERBS.wizardGoto,
    handler(deps, gotoSchema, (_ctx, run, data) => {
      const s = run.loaded.state;
      if (!PAGES.includes(s.step)) return Promise.resolve(cardResponse(currentCard(deps, s)));
      return saveAndRender(deps, run, bump(s, { step: data.step }, deps));
    }),
  );
  registerCardAction(
    registry,
    VERBS.wizardCancel,
    handler(deps, runSchema, async (_ctx, run) => {
      const s = run.loaded.state;
      if (!PAGES.includes(s.step)) return cardResponse(currentCard(deps, s));
      const next = bump(s, { step: 'cancelled' }, deps);
      if (!(await run.store.save(run.loaded, next))) return cardResponse(currentCard(deps, s));
      return cardResponse(resultCard(deps, next, []));
    }),
  );
  registerCardAction(
    registry,
    VERBS.wizardSearchGroups,
    handler(deps, wizardNextSchema, (_ctx, run, data) => searchGroups(deps, run, data)),
  );
  registerCardAction(
    registry,
    VERBS.wizardAddGroups,
    handler(deps, addGroupsSchema, (_ctx, run, data) => addGroups(deps, run, data)),
  );
  registerCardAction(
    registry,
    VERBS.wizardClearGroups,
    handler(deps, wizardNextSchema, (_ctx, run, data) => {
      const s = run.loaded.state;
      const target =
        data.target === 'allUsers' || data.target === 'groups' ? data.target : s.target;
      return saveAndRender(
        deps,
        run,
        bump(s, { include: [], exclude: [], search: undefined, target }, deps),
      );
    }),
  );
  registerCardAction(
    registry,
    VERBS.wizardCreate,
    handler(deps, runSchema, (ctx, run) => createOrSave(ctx, deps, run)),
  );
  registerCardAction(
    registry,
    VERBS.wizardRetryAssignments,
    handler(deps, runSchema, async (ctx, run) => {
      const s = run.loaded.state;
      if (s.step !== 'assign-failed' || !s.created) return cardResponse(currentCard(deps, s));
      const working = bump(s, { step: 'creating' }, deps);
      if (!(await run.store.save(run.loaded, working)))
        return cardResponse(currentCard(deps, s, '⚠️ Already on it. '));
      return finishAssignments(ctx, deps, run.store, working, s.created.profileId);
    }),
  );
  registerCardAction(
    registry,
    VERBS.wizardDeleteCreated,
    handler(deps, runSchema, async (ctx, run) => {
      const s = run.loaded.state;
      if (s.step !== 'assign-failed' || !s.created || s.mode !== 'create')
        return cardResponse(currentCard(deps, s));
      const next = bump(s, { step: 'cancelled' }, deps);
      if (!(await run.store.save(run.loaded, next))) return cardResponse(currentCard(deps, s));
      try {
        const before = await deps.profiles.get(s.created.profileId);
        const deleted = await deps.profiles.delete(s.created.profileId);
        await deps.audit.record({
          actor: actorOf(ctx),
          action: 'profile.delete',
          target: { type: 'profile', id: s.created.profileId, name: s.name },
          before,
          requestId: deleted.call.requestId,
          graphDate: deleted.call.date,
          sandbox: deps.sandbox,
        });
        await bumpListVersion(deps.storage);
      } catch (err) {
        await run.store.overwrite(bump(next, { step: 'assign-failed' }, deps));
        return errorResponse(
          500,
          'DeleteFailed',
          `The profile could not be deleted and still exists. ${graphMessage(err)}`,
        );
      }
      return cardResponse(
        plainResult(
          deps,
          next,
          'Profile deleted',
          `**${escapeCardText(s.name)}** was deleted. Nothing of this run remains in Intune.`,
        ),
      );
    }),
  );
  registerCardAction(
    registry,
    VERBS.wizardPlace,
    handler(deps, placeSchema, async (ctx, run, data) => {
      const s = run.loaded.state;
      if (s.step !== 'done' || !s.created) return cardResponse(currentCard(deps, s));
      const before = await deps.profiles.list();
      const position = Math.min(Math.max(Number(data.position), 1), Math.max(before.length, 1));
      const priority = moveTo(before, s.created.profileId, position - 1);
      if (priority === undefined) return cardResponse(currentCard(deps, s));
      // Only one click of a burst moves the profile (and writes the audit entry).
      const next = bump(s, {}, deps);
      if (!(await run.store.save(run.loaded, next))) {
        const fresh = await run.store.load(s.conversationId, s.ownerAadObjectId, s.runId);
        return cardResponse(
          currentCard(deps, fresh?.state ?? s, '⚠️ Another click got there first. '),
        );
      }
      try {
        const moved = await deps.profiles.setPriority(s.created.profileId, priority);
        const after = await deps.profiles.list();
        await deps.audit.record({
          actor: actorOf(ctx),
          action: 'profile.reorder',
          target: { type: 'profile', id: s.created.profileId, name: s.name },
          before: before.map((p) => p.displayName),
          after: after.map((p) => p.displayName),
          requestId: moved.call.requestId,
          graphDate: moved.call.date,
          sandbox: deps.sandbox,
        });
        await bumpListVersion(deps.storage);
        return cardResponse(resultCard(deps, next, after, '', `Moved to position ${position}. `));
      } catch (err) {
        return errorResponse(
          500,
          'ReorderFailed',
          `The priority was not changed. ${graphMessage(err)}`,
        );
      }
    }),
  );
}
