/**
 * The wizard's changes in Intune: Create (or Save changes) of the profile, then making its
 * assignments match the run. Both are safe to repeat after a double click, a retried invoke or a
 * crash, and every change is audited.
 */
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';

import { cardResponse } from '../../../actions/card-actions';
import { GraphError } from '../../../graph/errors';
import type { AssignmentTarget, EnrollmentProfile } from '../../../graph/types';
import { translator } from '../../../i18n/catalogue';
import type { Language } from '../../../i18n/languages';
import { turnLanguage } from '../../../i18n/turn-language';
import { actorOf, wizardTypeOf, type AdminDeps } from '../admin-deps';
import { bumpListVersion } from '../profile-list-version';

import { enrollmentBody } from './rules';
import { bump, graphMessage, type RunContext } from './run';
import type { AssignmentOutcome, WizardState, WizardStore } from './store';
import { currentCard, plainResult, renderStep, resultCard } from './view';

/**
 * The assignments the run wants, each with its label. The labels go into the audit log (which
 * reads " (excluded)" back, src/flows/admin/audit-text.ts), so they are always English.
 */
function targetsOf(state: WizardState): { key: string; label: string; target: AssignmentTarget }[] {
  const t = translator('en');
  const list: { key: string; label: string; target: AssignmentTarget }[] = [];
  if (state.target === 'allUsers') {
    list.push({ key: 'allUsers', label: t('wizard.allUsersTitle'), target: { kind: 'allUsers' } });
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
      label: t('wizard.excludedGroup', { name: g.displayName }),
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

/** A removed assignment's group name for the audit, when the directory still knows it. */
async function groupLabelOf(
  deps: AdminDeps,
  target: AssignmentTarget,
): Promise<string | undefined> {
  if (target.kind === 'allUsers') return undefined;
  return (await deps.directory.getGroup(target.groupId).catch(() => undefined))?.displayName;
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
  lang: Language,
): Promise<AssignmentOutcome[]> {
  const t = translator(lang);
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
        after: { target: w.target, assignmentId: added.value.id, label: w.label },
        requestId: added.call.requestId,
        graphDate: added.call.date,
        sandbox: deps.sandbox,
      });
    } catch (err) {
      outcomes.push({ key: w.key, label: w.label, ok: false, error: graphMessage(err, lang) });
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
          before: {
            target: a.target,
            assignmentId: a.id,
            label: await groupLabelOf(deps, a.target),
          },
          requestId: removed.call.requestId,
          graphDate: removed.call.date,
          sandbox: deps.sandbox,
        });
      } catch (err) {
        outcomes.push({
          key: `remove:${a.id}`,
          label: t('wizard.removeLabel', { target: keyOf(a.target) }),
          ok: false,
          error: graphMessage(err, lang),
        });
      }
    }
  }
  return outcomes;
}

/** Create (or Save changes): idempotent under double clicks, retried invokes and crashes. */
/**
 * The profile this run created: the earliest one with the run's name created since the run
 * began `since` (ISO), or undefined. What every "did Graph already make it?" check asks.
 */
function ourProfile(
  profiles: readonly EnrollmentProfile[],
  name: string,
  since: string,
): EnrollmentProfile | undefined {
  return profiles
    .filter(
      (p) =>
        p.displayName.trim().toLowerCase() === name.toLowerCase() &&
        (p.createdDateTime ?? '') >= since,
    )
    .sort((a, b) => (a.createdDateTime ?? '').localeCompare(b.createdDateTime ?? ''))[0];
}

/** Failures after which a POST may still have been carried out by Graph. */
function isAmbiguous(err: unknown): boolean {
  if (!(err instanceof GraphError)) return false;
  const { reason, status } = err.details;
  return (
    reason === 'network' ||
    reason === 'unavailable' ||
    status === 500 ||
    status === 502 ||
    status === 503 ||
    status === 504 ||
    status === 408
  );
}

/**
 * Creates the profile once. The POST is never retried blindly (see GraphRequester): when its
 * outcome is ambiguous (5xx, timeout, connection lost), the profiles are listed again and a
 * profile with this run's name created since the run started is adopted as ours; only when
 * none exists does the failure stand, so the card's "nothing was created" is then true.
 */
async function createOnce(
  deps: AdminDeps,
  name: string,
  since: string,
  input: Parameters<AdminDeps['profiles']['create']>[0],
): Promise<Awaited<ReturnType<AdminDeps['profiles']['create']>>> {
  try {
    return await deps.profiles.create(input);
  } catch (err) {
    if (!isAmbiguous(err)) throw err;
    const again = await deps.profiles.list().catch(() => undefined);
    const ours = again && ourProfile(again, name, since);
    if (!ours) throw err;
    const details = err instanceof GraphError ? err.details : undefined;
    return { value: ours, call: { requestId: details?.requestId, date: details?.date } };
  }
}

/** A create or save still 'creating' after this long was interrupted (the process died). */
export const INTERRUPTED_AFTER_MS = 3 * 60_000;

/** True when the run was left 'creating' longer than any create takes: its process is gone. */
export function isInterrupted(state: WizardState, now: Date): boolean {
  if (state.step !== 'creating' || !state.creatingSince) return false;
  const since = Date.parse(state.creatingSince);
  return Number.isFinite(since) && now.getTime() - since > INTERRUPTED_AFTER_MS;
}

/**
 * Picks up a run whose create or save was interrupted (a crash or restart between "creating" and
 * the result). In create mode, a profile with the run's name created since the run began is
 * adopted and its assignments finished; otherwise the run goes back to Review, saying nothing was
 * created. One click wins the run's conditional write.
 */
export async function resumeInterrupted(
  ctx: TurnContext,
  deps: AdminDeps,
  run: RunContext,
): Promise<AdaptiveCardInvokeResponse> {
  const state = run.loaded.state;
  const { lang } = run;
  const t = translator(lang);
  const claimed = bump(state, {}, deps);
  if (!(await run.store.save(run.loaded, claimed))) {
    const fresh = await run.store.load(state.conversationId, state.ownerAadObjectId, state.runId);
    return cardResponse(
      currentCard(deps, fresh?.state ?? state, t('wizard.notices.alreadyOn'), lang),
    );
  }
  if (state.mode === 'create') {
    const ours = ourProfile(await deps.profiles.list(), state.name, state.creatingSince ?? '');
    if (ours) {
      const working: WizardState = { ...claimed, created: { profileId: ours.id } };
      await run.store.overwrite(working);
      await deps.audit.record({
        actor: actorOf(ctx),
        action: 'profile.create',
        target: { type: 'profile', id: ours.id, name: state.name },
        after: ours,
        sandbox: deps.sandbox,
      });
      await bumpListVersion(deps.storage);
      return finishAssignments(ctx, deps, run.store, working, ours.id);
    }
  }
  const back = bump(claimed, { step: 'review' }, deps);
  await run.store.overwrite(back);
  return cardResponse(
    renderStep(
      deps,
      back,
      {
        review:
          state.mode === 'create'
            ? t('wizard.errors.interruptedCreate')
            : t('wizard.errors.interruptedSave'),
      },
      '',
      lang,
    ),
  );
}

export async function createOrSave(
  ctx: TurnContext,
  deps: AdminDeps,
  run: RunContext,
): Promise<AdaptiveCardInvokeResponse> {
  const state = run.loaded.state;
  const { lang } = run;
  const t = translator(lang);
  if (isInterrupted(state, (deps.now ?? (() => new Date()))())) {
    return resumeInterrupted(ctx, deps, run);
  }
  if (state.step !== 'review') {
    return cardResponse(currentCard(deps, state, '', lang));
  }
  const started = (deps.now ?? (() => new Date()))().toISOString();
  let working = bump(state, { step: 'creating', creatingSince: started }, deps);
  // Only one click wins this write; the others see the run already 'creating' or done.
  if (!(await run.store.save(run.loaded, working))) {
    const fresh = await run.store.load(state.conversationId, state.ownerAadObjectId, state.runId);
    return cardResponse(
      currentCard(deps, fresh?.state ?? state, t('wizard.notices.secondClick'), lang),
    );
  }
  const type = state.enrollmentType === '' ? 'accountDrivenUserEnrollment' : state.enrollmentType;
  let profileId = state.profileId;
  try {
    const profiles = await deps.profiles.list();
    if (state.mode === 'create') {
      // A profile with our name created after we started is ours (a retry after a crash).
      const ours = ourProfile(profiles, state.name, state.creatingSince ?? started);
      const clash = profiles.find(
        (p) => p.displayName.trim().toLowerCase() === state.name.toLowerCase(),
      );
      if (clash && !ours) {
        working = bump(working, { step: 'review' }, deps);
        await run.store.overwrite(working);
        return cardResponse(
          renderStep(deps, working, { review: t('wizard.errors.clashMeantime') }, '', lang),
        );
      }
      if (ours) {
        profileId = ours.id;
        working = { ...working, created: { profileId: ours.id } };
      } else {
        const template = profiles.find((p) => p.availableEnrollmentTypeOptions.length > 0);
        const created = await createOnce(deps, state.name, state.creatingSince ?? started, {
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
            t('wizard.goneTitle'),
            t('wizard.goneMessage'),
            'Attention',
            lang,
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
    const error = graphMessage(err, lang);
    return cardResponse(
      renderStep(
        deps,
        working,
        {
          review:
            state.mode === 'edit'
              ? t('wizard.errors.saveFailed', { error })
              : t('wizard.errors.createFailed', { error }),
        },
        '',
        lang,
      ),
    );
  }
  return finishAssignments(ctx, deps, run.store, working, profileId ?? '');
}

/** Syncs the assignments after Create/Save, records the outcomes and shows the result card. */
export async function finishAssignments(
  ctx: TurnContext,
  deps: AdminDeps,
  store: WizardStore,
  working: WizardState,
  profileId: string,
): Promise<AdaptiveCardInvokeResponse> {
  const lang = turnLanguage(ctx).lang;
  const t = translator(lang);
  let outcomes: AssignmentOutcome[];
  try {
    outcomes = await syncAssignments(ctx, deps, working, profileId, lang);
  } catch (err) {
    outcomes = [
      {
        key: 'list',
        label: t('wizard.readingAssignments'),
        ok: false,
        error: graphMessage(err, lang),
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
  return cardResponse(resultCard(deps, next, profiles, '', '', lang));
}
