/**
 * Opening and saving a wizard run from a card action: the admin and owner checks, the stale-card
 * check on the run's version, and the conditional save that lets exactly one of concurrent clicks
 * move the run.
 */
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';

import { cardResponse, errorResponse } from '../../../actions/card-actions';
import { GraphError } from '../../../graph/errors';
import { translator } from '../../../i18n/catalogue';
import type { Language } from '../../../i18n/languages';
import { turnLanguage } from '../../../i18n/turn-language';
import { actorOf, refusalResponse, type AdminDeps } from '../admin-deps';

import type { RunData } from './rules';
import { WizardStore, type LoadedState, type WizardState } from './store';
import { currentCard, renderStep, type PageErrors } from './view';

/** A run loaded for a card action, and the store to save it through. */
export interface RunContext {
  loaded: LoadedState;
  store: WizardStore;
  /** The turn's language, for the cards the action answers with. */
  lang: Language;
}

/**
 * Loads the run a card action refers to, after checking the acting user is (still) an admin.
 * Returns an invoke response instead when the action must be refused: not an admin, another
 * user's card or an unknown run, or a stale/replayed card (then the current page is shown).
 */
export async function openRun(
  ctx: TurnContext,
  deps: AdminDeps,
  data: RunData,
): Promise<RunContext | AdaptiveCardInvokeResponse> {
  const lang = turnLanguage(ctx).lang;
  const t = translator(lang);
  // Every wizard action may change Intune or the run: a fresh check, not a cached answer.
  const auth = await deps.authorize(ctx.activity.from?.aadObjectId, { fresh: true });
  if (!auth.admin) return refusalResponse(auth, lang);
  const store = new WizardStore(deps.storage);
  const loaded = await store.load(
    ctx.activity.conversation?.id ?? 'unknown',
    actorOf(ctx).aadObjectId,
    data.runId,
  );
  if (!loaded) {
    return errorResponse(403, 'NotYourWizard', t('wizard.errors.notYourWizard'));
  }
  if (loaded.state.version !== data.version) {
    return cardResponse(currentCard(deps, loaded.state, t('wizard.notices.staleCard'), lang));
  }
  return { loaded, store, lang };
}

/** Whether {@link openRun} refused the action: then it returned the invoke response. */
export function isResponse(
  x: RunContext | AdaptiveCardInvokeResponse,
): x is AdaptiveCardInvokeResponse {
  return 'statusCode' in x;
}

/** The state with `patch` applied, as the run's next version. */
export function bump(
  state: WizardState,
  patch: Partial<WizardState>,
  deps: AdminDeps,
): WizardState {
  return {
    ...state,
    ...patch,
    version: state.version + 1,
    updatedAt: (deps.now ?? (() => new Date()))().toISOString(),
  };
}

/** Saves and renders; on a concurrent change shows the current state instead. */
export async function saveAndRender(
  deps: AdminDeps,
  run: RunContext,
  next: WizardState,
  errors: PageErrors = {},
): Promise<AdaptiveCardInvokeResponse> {
  if (!(await run.store.save(run.loaded, next))) {
    const fresh = await run.store.load(next.conversationId, next.ownerAadObjectId, next.runId);
    const t = translator(run.lang);
    return cardResponse(
      currentCard(
        deps,
        fresh?.state ?? run.loaded.state,
        t('wizard.notices.anotherClick'),
        run.lang,
      ),
    );
  }
  return cardResponse(renderStep(deps, next, errors, '', run.lang));
}

/** The admin-facing line for a failed Graph call. */
export function graphMessage(err: unknown, lang: Language = 'en'): string {
  const t = translator(lang);
  return err instanceof GraphError ? err.adminMessage() : t('wizard.errors.graph');
}
