/**
 * Keeps the knowledge base, the guide and the helpdesk diagnosis in step with the facts of
 * December 2026 (enrollment-facts.md, revision 2026-12), so an old answer can't silently come back.
 * Each fact is checked twice: the fact sheet still says it (when the sheet is beside the project),
 * and what employees see says it too, never the old version.
 */
import fs from 'node:fs';
import path from 'node:path';

import { DIAGNOSIS_RULES } from '../../../src/helpdesk/diagnosis';
import { loadArticles, type Article } from '../../../src/knowledge/articles';
import { INTUNE_SUPPORTED_MIN, guideArticleFor } from '../../../src/knowledge/guide-plan';
import { loadKnowledgeBase, translatedArticles } from '../../../src/knowledge/load';

const SHEET_PATH = path.resolve(__dirname, '../../../../shared/docs/enrollment-facts.md');
const sheet = fs.existsSync(SHEET_PATH) ? fs.readFileSync(SHEET_PATH, 'utf8') : undefined;

const articles = loadArticles();
const kb = loadKnowledgeBase();
const byId = (id: string): Article => {
  const a = articles.find((x) => x.id === id);
  if (!a) throw new Error(`no article ${id}`);
  return a;
};
/** Everything an employee reads in an article. */
const shown = (a: Article): string => [a.title, a.summary, a.body, ...a.steps].join('\n');
const allShown = articles.map((a) => ({ id: a.id, text: shown(a) }));

/** The facts, each with what the sheet says and what the answers must (not) say. */
const FACTS = {
  authenticator: /Never tell everyone to delete Authenticator before enrolling/,
  supported: /Intune supports iOS\/iPadOS \*\*17 and later\*\*/,
  deviceLimit: /commonly 5 \*\*\[unconfirmed[^\]]*\]\*\*, the most an admin can allow is 15/,
  webLink: /https:\/\/portal\.manage\.microsoft\.com\/enrollment\/webenrollment\/ios/,
  userChoice: /"I own this device" → a second screen/,
  names: /\*\*Managed Apple Account\*\* \(formerly Managed Apple ID\)/,
  passcode: /\*\*enter the device\s+passcode\*\* when asked to set up remote management/,
  teamsFirst: /\*\*Teams is the recommended first app\*\*/,
  expectedServices: /does not support the expected services/,
  notVerified: /"Not verified" under VPN & Device Management → Management Profile/,
  webProfileWindow: /web enrollment profile "expired" or vanished before it was installed/,
  sdkBlock: /apps on old Intune SDK versions are blocked from launching/,
  noSwitch: /cannot be switched to whole-device enrollment: unenroll, then enroll again/,
} as const;

(sheet ? describe : describe.skip)('the fact sheet (revision 2026-12) still says', () => {
  it.each(Object.entries(FACTS))('%s', (_name, pattern) => {
    expect(sheet).toMatch(/Revision: 2026-12/);
    expect(sheet).toMatch(pattern);
  });
});

describe('answers follow the December 2026 facts', () => {
  it('never tell people to delete Authenticator before enrolling; only the Enrollment SSO answer removes it, with a caution', () => {
    const removal =
      /\b(delete|uninstall|remove)\b[^.\n]{0,40}\bAuthenticator\b(?![^.\n]{0,30}\bremoved\b)/i;
    const offenders = allShown
      .filter((a) => a.id !== 'sso-app-installed' && a.id !== 'authenticator-removed-what-now')
      .filter(
        (a) =>
          removal.test(a.text) &&
          !/\b(don'?t|do not|never|no need to|not)\b[^.\n]{0,40}\b(delete|uninstall|remove)\b[^.\n]{0,40}Authenticator/i.test(
            a.text,
          ),
      );
    expect(offenders.map((a) => a.id)).toEqual([]);
    const sso = byId('sso-app-installed');
    expect(shown(sso)).toMatch(/unusual|rare/i);
    expect(shown(sso)).toMatch(/another (way|method)/i);
    for (const guide of articles.filter((a) => a.guide)) {
      expect({ id: guide.id, steps: guide.steps.join('\n') }).not.toMatchObject({
        steps: expect.stringMatching(/delete|uninstall/i),
      });
    }
    const removing = DIAGNOSIS_RULES.filter((r) =>
      r.steps.some((s) => /delete the Microsoft Authenticator/i.test(s)),
    ).map((r) => r.id);
    expect(removing).toEqual(['sso-app-installed']);
  });

  it('open the Authenticator answer, in every language, with keeping the app (not deleting it)', () => {
    const first = (a: Article): string => a.body.trim().split(/\n\s*\n/)[0] ?? '';
    expect(first(byId('microsoft-authenticator-required'))).toMatch(/don't delete it: keep it/i);
    const translated = {
      de: /Behalten Sie es/,
      fr: /Gardez-le/,
      es: /Consérvalo/,
      ja: /そのまま残して/,
    } as const;
    for (const [lang, keep] of Object.entries(translated)) {
      const article = translatedArticles(articles, lang as keyof typeof translated).find(
        (a) => a.id === 'microsoft-authenticator-required',
      );
      expect(article && first(article)).toMatch(keep);
    }
  });

  it('say Intune supports iOS/iPadOS 17 and later, never that 15 is enough', () => {
    expect(INTUNE_SUPPORTED_MIN.major).toBe(17);
    expect(shown(byId('os-requirements'))).toMatch(/17 and later|17 or later/);
    expect(shown(byId('ios-15-or-16'))).toMatch(/update/i);
    const oldFloor =
      /\b(needs?|requires?|minimum( is)?|supported (on|from))\b[^.\n]{0,30}\b15(\.0)? or later\b/i;
    expect(allShown.filter((a) => oldFloor.test(a.text)).map((a) => a.id)).toEqual([]);
    for (const guide of articles.filter((a) => a.guide)) {
      expect({ id: guide.id, minOs: guide.appliesTo.minOs }).toEqual({
        id: guide.id,
        minOs: '17.0',
      });
      expect(guide.steps.join('\n')).not.toMatch(
        /check (that )?your .*(iOS|iPadOS) (version|15|16|17)/i,
      );
    }
  });

  it('give the device limit as commonly 5 (hedged) and 15 at most', () => {
    const text = shown(byId('device-limit-reached'));
    expect(text).toMatch(/(commonly|usually|often|typically|by default)[^.\n]{0,40}\b5\b/i);
    expect(text).toMatch(/\b15\b/);
    expect(
      allShown
        .filter((a) => /15 by default|default (limit )?(is|of) 15/i.test(a.text))
        .map((a) => a.id),
    ).toEqual([]);
  });

  it('give the current web enrollment link and the Safari time window', () => {
    const text = shown(byId('web-based-device-enrollment'));
    expect(text).toContain('https://portal.manage.microsoft.com/enrollment/webenrollment/ios');
    expect(text).toMatch(/Safari/);
    const otherLinks = allShown.filter((a) =>
      /portal\.manage\.microsoft\.com\/enrollment\/(?!webenrollment\/ios)/.test(a.text),
    );
    expect(otherLinks.map((a) => a.id)).toEqual([]);
  });

  it('walk "Determine based on user choice" as it is: Begin, I own this device, then the second screen', () => {
    const guide = guideArticleFor(articles, 'userChoice');
    expect(guide).toBeDefined();
    const steps = guide!.steps.join('\n');
    const order = [
      'Company Portal',
      'Begin',
      'I own this device',
      'Secure work-related apps and data only',
    ];
    const positions = order.map((w) => steps.indexOf(w));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('lead with Managed Apple Account and Apple Business, keeping the old names only as "formerly"', () => {
    expect(shown(byId('managed-apple-account'))).toMatch(/Managed Apple Account/);
    for (const a of allShown) {
      const oldName = /Managed Apple ID/.test(a.text);
      if (oldName) {
        expect({ id: a.id, explained: /Managed Apple Account/.test(a.text) }).toEqual({
          id: a.id,
          explained: true,
        });
      }
      expect({
        id: a.id,
        abm:
          /Apple Business Manager(?! (?:is|became|was))/.test(a.text) &&
          !/Apple Business\b(?! Manager)/.test(a.text),
      }).toEqual({
        id: a.id,
        abm: false,
      });
    }
  });

  it('include the passcode step before Allow Remote Management, and Teams as the first app', () => {
    const guide = guideArticleFor(articles, 'accountDrivenUserEnrollment')!;
    const steps = guide.steps;
    const passcode = steps.findIndex((s) => /passcode/i.test(s));
    const allow = steps.findIndex((s) => /Allow Remote Management/.test(s));
    const password = steps.findIndex((s) => /password/i.test(s));
    expect(passcode).toBeGreaterThan(password);
    expect(allow).toBeGreaterThan(passcode);
    const teams = steps.findIndex((s) => /\bTeams\b/.test(s));
    expect(teams).toBeGreaterThan(steps.findIndex((s) => /MANAGED ACCOUNT/.test(s)));
  });

  it.each([
    [
      'Sign-in Failed: Your Apple Account does not support the expected services on this device',
      'sign-in-cant-find-server',
    ],
    ['the management profile says Not Verified', 'management-profile-not-verified'],
    [
      'the web enrollment profile I downloaded expired before I installed it',
      'web-enrollment-profile-expired',
    ],
    ['a work app will not open and says it must be updated', 'work-app-must-update'],
    [
      'can I switch from work only to securing the whole device',
      'switch-work-only-to-whole-device',
    ],
    ['is my iPhone on iOS 16 still supported', 'ios-15-or-16'],
  ])('answer the new known problem %p', (question, id) => {
    const answer = kb.answer(question);
    expect(answer.kind === 'answer' ? answer.hit.article.id : answer.kind).toBe(id);
  });

  it('say work-only cannot be switched to whole-device in place: unenroll first', () => {
    expect(shown(byId('switch-work-only-to-whole-device'))).toMatch(/unenroll|remove/i);
  });
});
