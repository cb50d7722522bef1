/**
 * The wizard's entry points: starting a run (the `create profile` command, or Edit from the
 * profile list) and the table of its card-action verbs, each opening the run before it acts.
 */
import { randomUUID } from 'node:crypto';

import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import type { z } from 'zod';

import {
  cardResponse,
  errorResponse,
  registerCardAction,
  type CardActionHandler,
} from '../../../actions/card-actions';
import type { RenderedCard } from '../../../cards/render';
import { escapeCardText } from '../../../cards/text';
import { VERBS } from '../../../cards/verbs';
import { moveTo } from '../../../graph/profile-logic';
import type { EnrollmentProfile } from '../../../graph/types';
import { translator } from '../../../i18n/catalogue';
import { turnLanguage } from '../../../i18n/turn-language';
import { sendCard } from '../../context';
import { actorOf, sendRefusal, wizardTypeOf, type AdminDeps } from '../admin-deps';
import { bumpListVersion } from '../profile-list-version';

import { createOrSave, finishAssignments, isInterrupted, resumeInterrupted } from './effects';
import { addGroups, applyNext, searchGroups } from './pages';
import {
  addGroupsSchema,
  gotoSchema,
  PAGES,
  placeSchema,
  removeGroupsSchema,
  runSchema,
  wizardNextSchema,
  type RunData,
} from './rules';
import { bump, graphMessage, isResponse, openRun, saveAndRender, type RunContext } from './run';
import { WizardStore, type GroupRef, type WizardState } from './store';
import { currentCard, groupList, plainResult, renderStep, resultCard } from './view';

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
  return renderStep(deps, state, {}, '', turnLanguage(ctx).lang);
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
      if (index <= 0) return Promise.resolve(cardResponse(currentCard(deps, s, '', run.lang)));
      return saveAndRender(deps, run, bump(s, { step: PAGES[index - 1] ?? 'basics' }, deps));
    }),
  );
  registerCardAction(
    registry,
    VERBS.wizardGoto,
    handler(deps, gotoSchema, (_ctx, run, data) => {
      const s = run.loaded.state;
      if (!PAGES.includes(s.step)) {
        return Promise.resolve(cardResponse(currentCard(deps, s, '', run.lang)));
      }
      return saveAndRender(deps, run, bump(s, { step: data.step }, deps));
    }),
  );
  registerCardAction(
    registry,
    VERBS.wizardCancel,
    handler(deps, runSchema, async (_ctx, run) => {
      const s = run.loaded.state;
      if (!PAGES.includes(s.step)) return cardResponse(currentCard(deps, s, '', run.lang));
      const next = bump(s, { step: 'cancelled' }, deps);
      if (!(await run.store.save(run.loaded, next))) {
        return cardResponse(currentCard(deps, s, '', run.lang));
      }
      return cardResponse(resultCard(deps, next, [], '', '', run.lang));
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
    VERBS.wizardRemoveGroups,
    handler(deps, removeGroupsSchema, (_ctx, run, data) => {
      const s = run.loaded.state;
      // Only ids of groups this run chose can be removed; anything else in the data is ignored.
      const ids = new Set(
        (data.remove ?? '')
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      );
      const include = s.include.filter((g) => !ids.has(g.id));
      const exclude = s.exclude.filter((g) => !ids.has(g.id));
      const removed = [...s.include, ...s.exclude].filter((g) => ids.has(g.id));
      const t = translator(run.lang);
      if (removed.length === 0) {
        return Promise.resolve(
          cardResponse(
            renderStep(deps, s, { assignments: t('wizard.errors.pickToRemove') }, '', run.lang),
          ),
        );
      }
      return saveAndRender(deps, run, bump(s, { include, exclude }, deps), {
        info: t('wizard.removed', { groups: groupList(removed, run.lang) }),
      });
    }),
  );
  registerCardAction(
    registry,
    VERBS.wizardCreate,
    handler(deps, runSchema, (ctx, run) => createOrSave(ctx, deps, run)),
  );
  registerCardAction(
    registry,
    VERBS.wizardCheck,
    handler(deps, runSchema, (ctx, run) => {
      const s = run.loaded.state;
      if (isInterrupted(s, (deps.now ?? (() => new Date()))())) {
        return resumeInterrupted(ctx, deps, run);
      }
      return Promise.resolve(cardResponse(currentCard(deps, s, '', run.lang)));
    }),
  );
  registerCardAction(
    registry,
    VERBS.wizardRetryAssignments,
    handler(deps, runSchema, async (ctx, run) => {
      const s = run.loaded.state;
      const t = translator(run.lang);
      if (s.step !== 'assign-failed' || !s.created) {
        return cardResponse(currentCard(deps, s, '', run.lang));
      }
      const working = bump(s, { step: 'creating' }, deps);
      if (!(await run.store.save(run.loaded, working)))
        return cardResponse(currentCard(deps, s, t('wizard.notices.alreadyOn'), run.lang));
      return finishAssignments(ctx, deps, run.store, working, s.created.profileId);
    }),
  );
  registerCardAction(
    registry,
    VERBS.wizardDeleteCreated,
    handler(deps, runSchema, async (ctx, run) => {
      const s = run.loaded.state;
      const t = translator(run.lang);
      if (s.step !== 'assign-failed' || !s.created || s.mode !== 'create')
        return cardResponse(currentCard(deps, s, '', run.lang));
      const next = bump(s, { step: 'cancelled' }, deps);
      if (!(await run.store.save(run.loaded, next))) {
        return cardResponse(currentCard(deps, s, '', run.lang));
      }
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
          t('wizard.errors.deleteFailed', { error: graphMessage(err, run.lang) }),
        );
      }
      return cardResponse(
        plainResult(
          deps,
          next,
          t('wizard.deletedTitle'),
          t('wizard.deletedMessage', { name: escapeCardText(s.name) }),
          'Default',
          run.lang,
        ),
      );
    }),
  );
  registerCardAction(
    registry,
    VERBS.wizardPlace,
    handler(deps, placeSchema, async (ctx, run, data) => {
      const s = run.loaded.state;
      const t = translator(run.lang);
      if (s.step !== 'done' || !s.created) return cardResponse(currentCard(deps, s, '', run.lang));
      const before = await deps.profiles.list();
      const position = Math.min(Math.max(Number(data.position), 1), Math.max(before.length, 1));
      const priority = moveTo(before, s.created.profileId, position - 1);
      if (priority === undefined) return cardResponse(currentCard(deps, s, '', run.lang));
      // Only one click of a burst moves the profile (and writes the audit entry).
      const next = bump(s, {}, deps);
      if (!(await run.store.save(run.loaded, next))) {
        const fresh = await run.store.load(s.conversationId, s.ownerAadObjectId, s.runId);
        return cardResponse(
          currentCard(deps, fresh?.state ?? s, t('wizard.notices.anotherClick'), run.lang),
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
        return cardResponse(
          resultCard(deps, next, after, '', t('wizard.notices.movedTo', { position }), run.lang),
        );
      } catch (err) {
        return errorResponse(
          500,
          'ReorderFailed',
          t('wizard.errors.reorderFailed', { error: graphMessage(err, run.lang) }),
        );
      }
    }),
  );
}
