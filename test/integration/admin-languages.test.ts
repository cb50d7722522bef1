/**
 * The admin flows when Teams runs in German, French or Japanese. Their strings live in the
 * catalogue's admin areas (`admin`, `profiles`, `wizard`), which are English only: an admin sees
 * the same cards, buttons and validation as in English and the same changes reach Intune and the
 * audit log. What an employee may run into (the refusal of an admin command, of the feedback
 * report) has its Help button in their language, sending the help command as they type it.
 */
import type { Activity } from 'botbuilder';

import { TeamAnswerStore } from '../../src/knowledge/team-answers';
import { message, type ActivityOptions } from '../factories/activities';
import { FAKE, seededIntune } from '../fakes/fake-intune';
import {
  cardButtons,
  cardOf,
  cardTexts,
  createBotHarness,
  type BotHarness,
} from '../helpers/bot-harness';
import { click, executeActions, responseCard, walkWizardToReview } from '../helpers/clicks';

type Locale = 'en-US' | 'de-DE' | 'fr-FR' | 'ja-JP';

interface Person {
  aadObjectId: string;
  name: string;
}
const ADMIN: Person = { aadObjectId: FAKE.admin, name: 'Adele Vance' };
const EMPLOYEE: Person = { aadObjectId: FAKE.employee, name: 'Megan Bowen' };

/** Activity options: who, in which Teams locale. */
function as(who: Person, locale: Locale): ActivityOptions {
  return { from: who, overrides: { locale, localTimezone: 'Europe/Berlin' } };
}

function harness(): BotHarness {
  return createBotHarness({ admins: [FAKE.admin], intune: seededIntune() });
}

const text = (card: Record<string, unknown>): string => cardTexts(card).join('\n');

/** A card with the per-run ids (wizard runs) made comparable across harnesses. */
function comparable(card: Record<string, unknown>): unknown {
  return JSON.parse(
    JSON.stringify(card).replace(
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
      '<uuid>',
    ),
  ) as unknown;
}

/** The imBack buttons of a card as [title, value]. */
function imBacks(card: Record<string, unknown>): [string, string][] {
  const out: [string, string][] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      const ms = (o.data as { msteams?: { type?: string; value?: string } } | undefined)?.msteams;
      if (o.type === 'Action.Submit' && ms?.type === 'imBack') {
        out.push([String(o.title), String(ms.value)]);
      }
      Object.values(o).forEach(visit);
    }
  };
  visit(card);
  return out;
}

async function send(h: BotHarness, activity: Partial<Activity>): Promise<Record<string, unknown>> {
  const [reply] = await h.send(activity);
  return cardOf(reply);
}

describe('admin flows in another language', () => {
  it.each([
    ['de-DE', 'Hilfe'],
    ['ja-JP', 'ヘルプ'],
    ['fr-FR', 'Aide'],
  ] as const)(
    'refuses an employee (%s) in English with the Help button in their language',
    async (locale, help) => {
      const h = harness();
      for (const command of ['profiles', 'create profile', 'audit', 'feedback report']) {
        const card = await send(h, message(command, as(EMPLOYEE, locale)));
        const words = text(card);
        // The admin areas are English only.
        expect(words).toMatch(/This (is|report is) for Intune admins/);
        const buttons = imBacks(card);
        expect(buttons).toHaveLength(1);
        expect(buttons[0]?.[0]).toBe(help);
        expect(buttons).not.toContainEqual(['Help', 'help']);
      }
      // The button's value is the help command as they type it: the bot answers with help.
      const [value] = imBacks(await send(h, message('profiles', as(EMPLOYEE, locale))))[0] ?? [];
      const reply = await send(h, message(String(value), as(EMPLOYEE, locale)));
      expect(cardButtons(reply).length).toBeGreaterThan(2);
      if (locale === 'de-DE') expect(text(reply)).toContain('Was ich für Sie tun kann');
      // Nothing changed in Intune.
      expect(h.intune.calls.filter((c) => c !== 'list' && c !== 'listAssignments')).toEqual([]);
    },
  );

  it('keeps the Help button English for an English employee', async () => {
    const h = harness();
    const card = await send(h, message('profiles', as(EMPLOYEE, 'en-US')));
    expect(imBacks(card)).toEqual([['Help', 'help']]);
  });

  it.each(['de-DE', 'ja-JP'] as const)(
    'shows a %s admin the profile list as in English, and moves a profile the same way',
    async (locale) => {
      const en = harness();
      const other = harness();
      const englishList = await send(en, message('profiles', as(ADMIN, 'en-US')));
      const list = await send(other, message('profiles', as(ADMIN, locale)));
      expect(comparable(list)).toEqual(comparable(englishList));
      expect(text(list)).toContain('Enrollment type profiles (iOS/iPadOS)');
      expect(executeActions(list).map((a) => a.title)).toContain('Move down');

      const moved = responseCard(
        (await click(other, list, 'Move down', {}, as(ADMIN, locale))).response,
      );
      const movedEn = responseCard(
        (await click(en, englishList, 'Move down', {}, as(ADMIN, 'en-US'))).response,
      );
      expect(text(moved)).toMatch(/Moved \*\*BYOD account driven\*\* to position 2/);
      expect(comparable(moved)).toEqual(comparable(movedEn));
      const [entry] = await other.admin.audit.recent(1);
      expect(entry).toMatchObject({
        action: 'profile.reorder',
        after: ['Legacy Company Portal UE', 'BYOD account driven'],
      });

      // The audit list reads the change back in English, the time in the admin's locale.
      const audit = await send(other, message('audit', as(ADMIN, locale)));
      expect(text(audit)).toContain('Last 1 change');
      expect(text(audit)).toMatch(
        /Adele Vance moved \*\*BYOD account driven\*\* from position 1 to 2/,
      );
    },
  );

  it('runs the wizard for a German admin with the English validation, and creates the same profile', async () => {
    const h = harness();
    const admin = as(ADMIN, 'de-DE');
    const basics = await send(h, message('create profile', admin));
    expect(text(basics)).toContain('Create an iOS/iPadOS enrollment profile');
    expect(text(basics)).toContain(
      'Step 1 of 4: **Basics** › Settings › Assignments › Review + create',
    );
    // An empty name is refused as in English; nothing is stored.
    const refused = responseCard((await click(h, basics, 'Next', { name: '  ' }, admin)).response);
    expect(text(refused)).toContain('Enter a name.');
    expect(text(refused)).toContain('Step 1 of 4');

    const review = await walkWizardToReview(h, {
      admin,
      name: 'iOS BYOD Vertrieb',
      description: 'Für den Vertrieb',
      groupSearch: 'sales',
      groupId: FAKE.sales,
    });
    const english = await walkWizardToReview(harness(), {
      admin: as(ADMIN, 'en-US'),
      name: 'iOS BYOD Vertrieb',
      description: 'Für den Vertrieb',
      groupSearch: 'sales',
      groupId: FAKE.sales,
    });
    expect(comparable(review)).toEqual(comparable(english));
    expect(text(review)).toMatch(/Enrollment type: Account driven user enrollment/);

    const done = responseCard((await click(h, review, 'Create', {}, admin)).response);
    expect(text(done)).toContain('Profile created');
    expect(executeActions(done).map((a) => a.title)).toContain('Set priority');
    const created = h.intune.profiles.find((p) => p.displayName === 'iOS BYOD Vertrieb');
    expect(created).toMatchObject({
      description: 'Für den Vertrieb',
      defaultEnrollmentType: 'accountDrivenUserEnrollment',
    });
    expect(h.intune.assignments.get(created!.id)).toEqual([
      { id: expect.any(String), target: { kind: 'group', groupId: FAKE.sales } },
    ]);
    expect((await h.admin.audit.recent()).map((a) => a.action)).toEqual([
      'assignment.add',
      'profile.create',
    ]);
  });

  it('shows a French admin the team answers as in English, and publishes the same way', async () => {
    const setup = async (h: BotHarness): Promise<string> => {
      const answer = await new TeamAnswerStore(h.storage).propose(
        {
          title: 'Attestation failed on an iPad',
          question: 'Why does enrollment say attestation failed?',
          symptom: 'Device attestation failed',
          cause: 'The date and time of the device are wrong.',
          steps: 'Turn on Set Automatically.\nStart enrollment again.',
        },
        { aadObjectId: 'agent-1', name: 'Alex Wilber' },
        'CASE-0001',
      );
      return answer.id;
    };
    const fr = harness();
    const en = harness();
    await setup(fr);
    await setup(en);
    const card = await send(fr, message('team answers', as(ADMIN, 'fr-FR')));
    const english = await send(en, message('team answers', as(ADMIN, 'en-US')));
    expect(text(card)).toContain('1 waiting for review · 0 published');
    expect(text(card)).toContain('Proposed by Alex Wilber from case CASE-0001');
    const withoutIds = (c: Record<string, unknown>): string =>
      JSON.stringify(c).replace(/team-[a-z0-9]{8}/g, '<id>');
    expect(withoutIds(card)).toEqual(withoutIds(english));

    const published = responseCard(
      (await click(fr, card, 'Publish', {}, as(ADMIN, 'fr-FR'))).response,
    );
    expect(text(published)).toContain(
      'Published "Attestation failed on an iPad": employees get it now.',
    );
    const [answer] = (await new TeamAnswerStore(fr.storage).read()).answers;
    expect(answer?.status).toBe('published');
    expect((await fr.admin.audit.recent(1))[0]?.action).toBe('answer.publish');
  });

  it('asks a German admin which domain to verify, as in English', async () => {
    const h = harness();
    const card = await send(h, message('verify domain', as(ADMIN, 'de-DE')));
    const english = await send(harness(), message('verify domain', as(ADMIN, 'en-US')));
    expect(card).toEqual(english);
    expect(text(card)).toContain('Which domain should I check?');
    expect(imBacks(card)).toEqual([['Verify contoso.example', 'verify domain contoso.example']]);
  });

  it('shows a German admin the feedback report in English', async () => {
    const h = harness();
    const card = await send(h, message('feedback report', as(ADMIN, 'de-DE')));
    const english = await send(harness(), message('feedback report', as(ADMIN, 'en-US')));
    expect(card).toEqual(english);
    expect(text(card)).toContain('Least helpful answers');
    expect(text(card)).toContain('No answer has a "Not helpful" vote yet (0 votes in all).');
  });
});
