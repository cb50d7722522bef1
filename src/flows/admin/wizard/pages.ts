/**
 * What the input pages do with what the admin entered: Next on Basics, Settings and Assignments
 * (with the name clash check against Intune), and the group search and pick on Assignments, which
 * refuses device groups.
 */
import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import type { z } from 'zod';

import { cardResponse } from '../../../actions/card-actions';
import { isDeviceGroup, ruleMentionsDevice } from '../../../graph/profile-logic';
import { translator } from '../../../i18n/catalogue';
import type { AdminDeps, WizardEnrollmentType } from '../admin-deps';

import {
  MAX_DESCRIPTION,
  validateName,
  type addGroupsSchema,
  type wizardNextSchema,
} from './rules';
import { bump, graphMessage, saveAndRender, type RunContext } from './run';
import type { GroupRef } from './store';
import { currentCard, groupList, renderStep, typeChoices, type PageErrors } from './view';

/**
 * Next on the Basics, Settings or Assignments page: checks the page's input, then moves on or
 * shows the errors.
 */
export async function applyNext(
  deps: AdminDeps,
  run: RunContext,
  input: z.infer<typeof wizardNextSchema>,
): Promise<AdaptiveCardInvokeResponse> {
  const state = run.loaded.state;
  const { lang } = run;
  const t = translator(lang);
  switch (state.step) {
    case 'basics': {
      const name = (input.name ?? '').trim();
      const description = (input.description ?? '').trim();
      const errors: PageErrors = {};
      errors.name = validateName(name, lang);
      if (Array.from(description).length > MAX_DESCRIPTION) {
        errors.description = t('wizard.errors.descriptionTooLong', { max: MAX_DESCRIPTION });
      }
      if (!errors.name) {
        try {
          const existing = await deps.profiles.list();
          const clash = existing.find(
            (p) =>
              p.displayName.trim().toLowerCase() === name.toLowerCase() && p.id !== state.profileId,
          );
          if (clash) errors.name = t('wizard.errors.nameClash');
        } catch (err) {
          errors.name = graphMessage(err, lang);
        }
      }
      if (errors.name || errors.description) {
        // Same page, values kept, state unchanged.
        return cardResponse(renderStep(deps, { ...state, name, description }, errors, '', lang));
      }
      return saveAndRender(deps, run, bump(state, { name, description, step: 'settings' }, deps));
    }
    case 'settings': {
      const allowed = typeChoices(state, lang).map((c) => c.value);
      const type = input.enrollmentType ?? '';
      if (!allowed.includes(type)) {
        return cardResponse(
          renderStep(
            deps,
            state,
            {
              type: type === 'user' ? t('wizard.errors.legacyType') : t('wizard.errors.chooseType'),
            },
            '',
            lang,
          ),
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
          renderStep(deps, state, { assignments: t('wizard.errors.chooseTarget') }, '', lang),
        );
      }
      if (target === 'groups' && state.include.length === 0) {
        return cardResponse(
          renderStep(
            deps,
            { ...state, target },
            { assignments: t('wizard.errors.needGroup') },
            '',
            lang,
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
      return cardResponse(currentCard(deps, state, '', lang));
  }
}

/** Searches user groups and sorts out device groups (refused with the reason). */
export async function searchGroups(
  deps: AdminDeps,
  run: RunContext,
  input: z.infer<typeof wizardNextSchema>,
): Promise<AdaptiveCardInvokeResponse> {
  const state = run.loaded.state;
  const { lang } = run;
  const t = translator(lang);
  const target =
    input.target === 'allUsers' || input.target === 'groups' ? input.target : state.target;
  const text = (input.groupSearch ?? '').trim();
  if (text.length < 2 || text.length > 100) {
    return cardResponse(
      renderStep(
        deps,
        { ...state, target },
        { assignments: t('wizard.errors.searchLength') },
        '',
        lang,
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
            ? t('wizard.errors.deviceGroupRule')
            : t('wizard.errors.deviceGroupMembers'),
        });
      } else {
        results.push({ id: c.g.id, displayName: c.g.displayName });
      }
    }
    const chosen = new Set([...state.include, ...state.exclude].map((g) => g.id));
    results = results.filter((g) => !chosen.has(g.id)).slice(0, 10);
  } catch (err) {
    return cardResponse(
      renderStep(deps, { ...state, target }, { assignments: graphMessage(err, lang) }, '', lang),
    );
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
export async function addGroups(
  deps: AdminDeps,
  run: RunContext,
  input: z.infer<typeof addGroupsSchema>,
): Promise<AdaptiveCardInvokeResponse> {
  const state = run.loaded.state;
  const { lang } = run;
  const t = translator(lang);
  const ids = (input.picked ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const offered = new Map((state.search?.results ?? []).map((g) => [g.id, g]));
  const picked = ids.map((id) => offered.get(id)).filter((g): g is GroupRef => g !== undefined);
  if (picked.length === 0) {
    return cardResponse(
      renderStep(deps, state, { assignments: t('wizard.errors.tickGroup') }, '', lang),
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
    {
      info:
        input.mode === 'include'
          ? t('wizard.included', { groups: groupList(picked, lang) })
          : t('wizard.excluded', { groups: groupList(picked, lang) }),
    },
  );
}
