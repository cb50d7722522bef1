/**
 * The catalogue of enrollment campaigns: the admin's wizard, dashboard and export (`campaign`,
 * English only) and everything an employee sees of a campaign (`invite`, complete in every
 * language). Every key the campaign code and cards use exists in English; `invite` is translated
 * in German, French, Spanish and Japanese with the English placeholders, is not English left in
 * place, and names the bot's commands as that language types them; the campaign files hold no
 * sentence of their own any more.
 */
import fs from 'node:fs';
import path from 'node:path';

import { matchCommand } from '../../../src/actions/commands';
import { EMPLOYEE_AREAS, readCatalogue, translator } from '../../../src/i18n/catalogue';
import { LANGUAGES, type Language } from '../../../src/i18n/languages';
import { leaves } from '../../helpers/catalogue-keys';
import { cardLiterals, userLiterals } from '../../helpers/user-literals';

const root = path.resolve(__dirname, '../../..');
const trees = readCatalogue();
const OTHERS = LANGUAGES.filter((l): l is Exclude<Language, 'en'> => l !== 'en');

/** The files whose strings live in the two areas. */
const SOURCES = [
  'src/flows/campaign/admin.ts',
  'src/flows/campaign/deps.ts',
  'src/flows/campaign/index.ts',
  'src/flows/campaign/person.ts',
  'src/flows/campaign/view.ts',
  'src/flows/campaign/wizard.ts',
  'src/cards/campaign-cards.ts',
  'src/campaigns/summary.ts',
  'src/campaigns/schedule.ts',
  'src/app/campaigns.ts',
];
const CARDS = [
  'cards/campaign-setup.json',
  'cards/campaign-review.json',
  'cards/campaign-dashboard.json',
  'cards/campaign-invite.json',
];

/** Keys the code builds from a value (a status, a reason, a column). */
const BUILT_KEYS = [
  ...['active', 'paused', 'ended'].map((s) => `campaign.state.${s}`),
  ...['no-teams', 'install-refused', 'not-found', 'conversation-failed', 'delivery-failed'].map(
    (r) => `campaign.unreachableReason.${r}`,
  ),
  ...['name', 'upn', 'status', 'reached', 'opened', 'finished', 'reported', 'cause'].map(
    (c) => `campaign.csv.${c}`,
  ),
  ...['enrolled', 'reminders', 'unreachable'].map((c) => `campaign.csv.${c}`),
];

/** Strings of that shape that are no key: the audit log's actions. */
const NOT_KEYS = new Set(['campaign.start', 'campaign.pause', 'campaign.resume', 'campaign.end']);

/** The commands each language types, as the invitation quotes them. */
const COMMANDS: Record<Language, { enroll: string; report: string }> = {
  en: { enroll: '"enroll"', report: '"report a problem"' },
  de: { enroll: '„registrieren“', report: '„Problem melden“' },
  fr: { enroll: '« inscrire »', report: '« signaler un problème »' },
  es: { enroll: '«inscribir»', report: '«informar de un problema»' },
  ja: { enroll: '「登録」', report: '「問題を報告」' },
};

function areaLeaves(lang: Language, area: string): Map<string, string> {
  return new Map(leaves(trees[lang][area] ?? {}, area));
}

const english = new Map([...areaLeaves('en', 'campaign'), ...areaLeaves('en', 'invite')]);
const base = (key: string): string => key.replace(/_(zero|one|two|few|many|other)$/, '');

/** The key itself or its plural forms. */
function has(map: Map<string, string>, key: string): boolean {
  return (
    map.has(key) ||
    [...map.keys()].some(
      (k) =>
        k.startsWith(`${key}_`) && /^(zero|one|two|few|many|other)$/.test(k.slice(key.length + 1)),
    )
  );
}

describe('the campaign catalogue', () => {
  it('has, in English, every key the campaign code and cards use', () => {
    const used = new Set<string>(BUILT_KEYS);
    for (const file of SOURCES) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      for (const m of text.matchAll(/'((?:campaign|invite)\.[a-zA-Z0-9_.-]+)'/g)) {
        if (!NOT_KEYS.has(m[1] ?? '')) used.add(m[1] ?? '');
      }
    }
    for (const file of CARDS) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      for (const m of text.matchAll(/\{\{t:([a-zA-Z0-9_.-]+)\}\}/g)) used.add(m[1] ?? '');
    }
    expect(used.size).toBeGreaterThan(120);
    const missing = [...used].filter((k) => !has(english, k)).sort();
    expect(missing).toEqual([]);
  });

  it('counts `invite` among the areas employees see, and `campaign` as English only', () => {
    expect(EMPLOYEE_AREAS).toContain('invite');
    expect(EMPLOYEE_AREAS).not.toContain('campaign');
    for (const lang of OTHERS) expect(trees[lang].campaign).toBeUndefined();
    // The admin's strings fall back to English in another language, string by string.
    expect(translator('de')('campaign.pausedDone')).toBe(translator('en')('campaign.pausedDone'));
  });

  it.each(OTHERS)('has everything an employee sees of a campaign in %s', (lang) => {
    const en = areaLeaves('en', 'invite');
    const translated = areaLeaves(lang, 'invite');
    expect(en.size).toBeGreaterThan(20);
    const missing = [...en.keys()].filter((k) => !translated.has(k) && !has(translated, base(k)));
    expect(missing).toEqual([]);
    const extra = [...translated.keys()].filter((k) => !has(en, base(k)));
    expect(extra).toEqual([]);
  });

  it.each(OTHERS)('keeps in %s the placeholders of the English, and is not English', (lang) => {
    const names = (s: string): string[] =>
      [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
    const en = areaLeaves('en', 'invite');
    const problems = [...areaLeaves(lang, 'invite')].flatMap(([key, value]) => {
      const source = en.get(key) ?? en.get(`${base(key)}_other`) ?? '';
      const out: string[] = [];
      if (JSON.stringify(names(value)) !== JSON.stringify(names(source))) out.push('placeholders');
      if (value === source) out.push('English left in place');
      if (value.includes('${')) out.push('binding');
      return out.length ? [`${key}: ${out.join(', ')}`] : [];
    });
    expect(problems).toEqual([]);
  });

  it.each(LANGUAGES)('quotes in %s the commands as that language types them', (lang) => {
    const t = translator(lang);
    const words = COMMANDS[lang];
    for (const key of ['invite.fallback', 'invite.noDeviceNoted', 'invite.notYours']) {
      expect(t(key, { title: 'x' })).toContain(words.enroll);
    }
    expect(t('invite.reportHow')).toContain(words.report);
    // What the quotes hold is a command the bot routes.
    const bare = (quoted: string): string => quoted.replace(/^["„«「]\s*|\s*["“»」]$/g, '');
    expect(matchCommand(bare(words.enroll), 'personal')?.id).toBe('enroll');
    expect(matchCommand(bare(words.report), 'personal')?.id).toBe('report');
    if (lang !== 'en') {
      const all = [...areaLeaves(lang, 'invite').values()].join('\n');
      expect(all).not.toMatch(/"enroll"|"report a problem"/);
    }
  });

  it('leaves no sentence in the campaign code or cards', () => {
    const code = SOURCES.flatMap((f) => userLiterals(path.join(root, f)).map((s) => `${f}: ${s}`));
    expect(code).toEqual([]);
    const cards = CARDS.flatMap((f) =>
      cardLiterals(JSON.parse(fs.readFileSync(path.join(root, f), 'utf8'))).map(
        (s) => `${f}: ${s}`,
      ),
    );
    expect(cards).toEqual([]);
  });
});
