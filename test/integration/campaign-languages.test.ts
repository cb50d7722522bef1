/**
 * Enrollment campaigns in the employee's language. The card's buttons through the real bot in
 * German, Japanese and French (same behaviour and data as in English, the answer in the turn's
 * language, dates in its form); and the runner, over the Graph sandbox, sending each person their
 * invitation and reminder in the language stored for them (their choice, the one they wrote in,
 * their Teams locale), while the admin's side stays English.
 */
import {
  createCampaignRunner,
  storedLanguages,
  storedPersonalChats,
} from '../../src/app/campaigns';
import type { Campaign } from '../../src/campaigns/model';
import { messageIds, shardOf } from '../../src/campaigns/model';
import { CampaignStore } from '../../src/campaigns/store';
import { VERBS } from '../../src/cards/verbs';
import { campaignMessages } from '../../src/flows/campaign';
import { defaultMessage } from '../../src/flows/campaign/view';
import { createSandboxGraphClient } from '../../src/graph/client';
import { GraphDirectoryService } from '../../src/graph/directory-service';
import { createLogger } from '../../src/logging';
import type { OutboxMessageInput } from '../../src/outbox';
import { startGraphSandbox, type GraphSandbox } from '../../src/sandbox/graph-sandbox';
import { ConversationStore } from '../../src/storage/conversation-store';
import { LanguagePreferences } from '../../src/storage/language-preferences';
import { cardAction } from '../factories/activities';
import { FAKE } from '../fakes/fake-intune';
import { MemoryStateStorage } from '../fakes/memory-state-storage';
import {
  cardButtons,
  cardOf,
  cardTexts,
  createBotHarness,
  type BotHarness,
} from '../helpers/bot-harness';
import { validateCard } from '../helpers/card-validation';
import { click, executeActions, responseCard } from '../helpers/clicks';

interface Person {
  id: string;
  name: string;
  aadObjectId: string;
}
const MEGAN: Person = { id: '29:megan', name: 'Megan Bowen', aadObjectId: FAKE.employee };
const LEE: Person = {
  id: '29:lee',
  name: 'Lee Gu',
  aadObjectId: 'eeeeeeee-0000-4000-8000-0000000000ee',
};

const text = (card: Record<string, unknown>): string => cardTexts(card).join('\n');

/** Activity options: who clicks, in which Teams locale and time zone. */
function as(
  who: Person,
  locale: string,
  timeZone = 'Europe/Berlin',
): { from: Person; overrides: { locale: string; localTimezone: string } } {
  return { from: who, overrides: { locale, localTimezone: timeZone } };
}

function inDays(n: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function campaignFor(id: string, over: Partial<Campaign> = {}): Campaign {
  return {
    id,
    name: 'Sales iPhones',
    status: 'active',
    createdAt: Date.now(),
    createdBy: { aadObjectId: FAKE.admin, name: 'Adele Vance' },
    groups: [{ id: FAKE.sales, name: 'Sales' }],
    method: 'accountDrivenUserEnrollment',
    message: defaultMessage(),
    deadline: inDays(10),
    reminderDays: [3],
    timeZone: 'Europe/Berlin',
    serviceUrl: 'https://smba.trafficmanager.net/teams/',
    tenantId: 'tenant-1',
    botId: '28:bot',
    history: [],
    audienceGeneration: 0,
    rev: 0,
    ...over,
  };
}

/** A stored campaign with Megan in its audience, and her card as the runner renders it. */
async function withMegan(
  h: BotHarness,
  lang: 'de' | 'ja' | 'fr' | 'en',
): Promise<{ campaign: Campaign; invite: Record<string, unknown> }> {
  const campaign = campaignFor('cmp-lang000001');
  await h.campaigns.create(campaign);
  const id = MEGAN.aadObjectId.toLowerCase();
  await h.campaigns.updateShard(campaign.id, shardOf(id), (people) => {
    people[id] = {
      id,
      name: 'Megan Bowen',
      upn: 'meganb@contoso.example',
      inAudience: true,
      gen: 1,
      reminders: 0,
      invitedAt: Date.now(),
    };
    return true;
  });
  const messages = campaignMessages({ sandbox: false, sandboxNotice: '' });
  const english = messages.invite(campaign, {
    id,
    name: 'Megan Bowen',
    upn: 'meganb@contoso.example',
    inAudience: true,
    gen: 1,
    reminders: 0,
  });
  const activity = (messages.personal(english)?.render({ lang }) ?? english) as {
    attachments: [{ content: Record<string, unknown> }];
  };
  return { campaign, invite: activity.attachments[0].content };
}

describe('the employee’s campaign card in their language (through the bot)', () => {
  it('is German for a German reader, with German buttons that work as the English ones do', async () => {
    const h = createBotHarness();
    const { campaign, invite } = await withMegan(h, 'de');
    expect(validateCard(invite)).toEqual([]);
    expect(executeActions(invite).map((a) => a.title)).toEqual([
      'Jetzt starten',
      'Ich habe kein iPhone oder iPad',
      'Später erinnern',
      'Ich brauche Hilfe',
    ]);
    const shown = text(invite);
    expect(shown).toMatch(/Registrieren Sie Ihr iPhone oder iPad bis \w+, \d+\. \w+ \d{4}/);
    expect(shown).toContain('Von Ihrem IT-Team · Sales iPhones');
    // The suggested text the admin kept reads in German too.
    expect(shown).toContain('Bitte registrieren Sie Ihr privates iPhone oder iPad');
    expect(shown).toContain('Warum: Ihre Organisation muss');
    expect(shown).not.toMatch(/Enroll your iPhone|Your privacy|Start now/);

    // Remind me later: the same working-day reminder, confirmed in German with a German date.
    const later = await click(h, invite, 'Später erinnern', {}, as(MEGAN, 'de-DE'));
    const laterCard = responseCard(later.response);
    expect(text(laterCard)).toMatch(
      /In Ordnung, ich erinnere Sie am (Montag|Dienstag|Mittwoch|Donnerstag|Freitag), \d+\. \w+ um 09:00\./,
    );
    expect(text(laterCard)).not.toMatch(/I will remind you/);
    expect(cardButtons(laterCard)).toContain('Später erinnern');
    let megan = await h.campaigns.person(campaign.id, MEGAN.aadObjectId);
    expect(megan?.tz).toBe('Europe/Berlin');
    expect(megan?.remindAt).toBeGreaterThan(Date.now());

    // Start now: the guide opens (in German) and counts.
    const start = await click(h, invite, 'Jetzt starten', {}, as(MEGAN, 'de-DE'));
    expect(text(responseCard(start.response))).toMatch(/Ihre Anleitung finden Sie unten/);
    expect(start.others.length).toBeGreaterThan(0);
    megan = await h.campaigns.person(campaign.id, MEGAN.aadObjectId);
    expect(megan?.openedAt).toBeGreaterThan(0);

    // I need help: the report form, and a German note about the campaign in it.
    const help = await click(h, invite, 'Ich brauche Hilfe', {}, as(MEGAN, 'de-DE'));
    expect(String(help.response.value)).toMatch(/Ich habe unten das Helpdesk-Formular geöffnet/);
    expect(JSON.stringify(cardOf(help.others[0]))).toContain('Zur Kampagne „Sales iPhones“');

    // No iPhone or iPad: no more messages, the buttons go, the choice is stored.
    const noDevice = responseCard(
      (await click(h, invite, 'Ich habe kein iPhone oder iPad', {}, as(MEGAN, 'de-DE'))).response,
    );
    expect(text(noDevice)).toMatch(/Sie erhalten dazu keine weiteren Nachrichten.*„registrieren“/);
    expect(executeActions(noDevice)).toEqual([]);
    megan = await h.campaigns.person(campaign.id, MEGAN.aadObjectId);
    expect(megan?.optedOut).toBe('no-device');
    expect(megan?.remindAt).toBeUndefined();
  });

  it('confirms "Remind me later" with the date in Japanese form', async () => {
    const h = createBotHarness();
    const { campaign, invite } = await withMegan(h, 'ja');
    expect(text(invite)).toMatch(
      /\d{4}年\d+月\d+日[月火水木金土日]曜日までに iPhone または iPad を登録/,
    );
    const later = await click(h, invite, '後でリマインド', {}, as(MEGAN, 'ja-JP', 'Asia/Tokyo'));
    const confirmed = text(responseCard(later.response));
    expect(confirmed).toMatch(/承知しました。\d+月\d+日[月火水木金]曜日 09:00にお知らせします。/);
    expect(confirmed).not.toMatch(/remind you|Monday|Tuesday|Wednesday|Thursday|Friday/);
    const megan = await h.campaigns.person(campaign.id, MEGAN.aadObjectId);
    expect(megan?.tz).toBe('Asia/Tokyo');
    // 09:00 in Tokyo is 00:00 UTC.
    expect(new Date(megan?.remindAt ?? 0).getUTCHours()).toBe(0);
  });

  it('answers in the language the person chose, whatever their Teams locale', async () => {
    const h = createBotHarness();
    await new LanguagePreferences(h.storage).choose(MEGAN.aadObjectId, 'de');
    const { campaign, invite } = await withMegan(h, 'en');
    // The English card (an old one, say) clicked from an English Teams: the reply is German.
    const noDevice = await click(
      h,
      invite,
      "I don't have an iPhone or iPad",
      {},
      as(MEGAN, 'en-US'),
    );
    expect(text(responseCard(noDevice.response))).toMatch(/Danke, notiert/);
    expect((await h.campaigns.person(campaign.id, MEGAN.aadObjectId))?.optedOut).toBe('no-device');
  });

  it('tells someone outside the audience, or holding a forged card, in their language', async () => {
    const h = createBotHarness();
    const { campaign, invite } = await withMegan(h, 'de');
    const lee = await click(h, invite, 'Ich habe kein iPhone oder iPad', {}, as(LEE, 'de-DE'));
    expect(String(lee.response.value)).toMatch(/nicht für Ihr Konto bestimmt.*„registrieren“/);
    expect(await h.campaigns.person(campaign.id, LEE.aadObjectId)).toBeUndefined();
    const [unknown] = await h.send(
      cardAction(VERBS.campaignPersonLater, { campaignId: 'cmp-zzzzzzzzzz' }, as(MEGAN, 'fr-FR')),
    );
    expect(JSON.stringify(unknown)).toMatch(/ne concerne pas votre compte.*« inscrire »/);
    expect(JSON.stringify(unknown)).not.toMatch(/not for your account/);
    expect((await h.campaigns.person(campaign.id, MEGAN.aadObjectId))?.remindAt).toBeUndefined();
  });
});

describe('the runner sends each person their invitation and reminders in their language', () => {
  const logger = createLogger('silent');
  let sandbox: GraphSandbox;

  beforeAll(async () => {
    sandbox = await startGraphSandbox({ logger });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('German for a chosen German, Japanese from the Teams locale, French as written, else English', async () => {
    const group = 'aaaaaaaa-3333-4000-8000-000000000001';
    sandbox.state.groups.set(group, {
      id: group,
      displayName: 'Languages wave',
      groupTypes: [],
      securityEnabled: true,
      mailEnabled: false,
      members: [],
    } as never);
    const [de, ja, fr, en] = sandbox.state.addSyntheticUsers(group, 4, 'lang') as [
      string,
      string,
      string,
      string,
    ];
    const storage = new MemoryStateStorage();
    const store = new CampaignStore(storage);
    // Each has chatted with the bot before (so the runner uses that chat), from a Teams client
    // in some locale; two told the bot their language.
    const conversations = new ConversationStore(storage);
    const locales: Record<string, string> = {
      [de]: 'en-US',
      [ja]: 'ja-JP',
      [fr]: 'de-DE',
      [en]: 'en-GB',
    };
    for (const [user, locale] of Object.entries(locales)) {
      await conversations.remember({
        user: { id: `29:${user}`, aadObjectId: user },
        bot: { id: '28:bot' },
        conversation: { id: `a:${user}`, conversationType: 'personal', tenantId: 'tenant-1' },
        channelId: 'msteams',
        serviceUrl: 'https://smba.trafficmanager.net/teams/',
        locale,
      });
    }
    const preferences = new LanguagePreferences(storage);
    await preferences.choose(de, 'de');
    await preferences.wrote(fr, 'fr');

    const queued: OutboxMessageInput[] = [];
    let clock = Date.parse('2026-12-03T10:00:00Z');
    const runner = createCampaignRunner({
      store,
      logger,
      graph: {
        client: createSandboxGraphClient(sandbox.baseUrl),
        directory: new GraphDirectoryService({ client: createSandboxGraphClient(sandbox.baseUrl) }),
      },
      sender: { openPersonal: () => Promise.reject(new Error('every person has a chat already')) },
      outbox: {
        takeTenantSlot: () => Promise.resolve(),
        enqueueMany: (messages) => {
          queued.push(...messages);
          return Promise.resolve(messages.length);
        },
      },
      known: storedPersonalChats(storage),
      languages: storedLanguages(storage),
      teamsAppId: '5f0c7a52-3a4e-4b8e-9f6b-2d7c1e9a4b10',
      intervals: { tickMs: 60_000, audienceMs: 0, measureMs: 0, dashboardMs: 0 },
      banner: { sandbox: true, sandboxNotice: 'sandbox' },
      instanceId: 'languages',
      now: () => clock,
    });
    const campaign = campaignFor('cmp-lang000002', {
      groups: [{ id: group, name: 'Languages wave' }],
      deadline: '2026-12-18',
      message: 'Bitte bis zum 18. / Please by the 18th.',
      createdAt: clock,
    });
    await store.create(campaign);
    await runner.pass(campaign.id);

    const cardText = (id: string): string => {
      const message = queued.find((m) => m.id === id);
      if (!message) throw new Error(`nothing queued as ${id}`);
      const activity = message.activity as { attachments: [{ content: unknown }]; summary: string };
      return `${activity.summary}\n${cardTexts(activity.attachments[0].content).join('\n')}`;
    };
    const invites = {
      de: cardText(messageIds.invite(campaign.id, de)),
      ja: cardText(messageIds.invite(campaign.id, ja)),
      fr: cardText(messageIds.invite(campaign.id, fr)),
      en: cardText(messageIds.invite(campaign.id, en)),
    };
    expect(invites.de).toContain(
      'Registrieren Sie Ihr iPhone oder iPad bis Freitag, 18. Dezember 2026',
    );
    expect(invites.de).toContain('Ihre Privatsphäre: Ihre Organisation kann');
    expect(invites.de).not.toContain('Enroll your iPhone');
    expect(invites.ja).toContain(
      '2026年12月18日金曜日までに iPhone または iPad を登録してください',
    );
    expect(invites.fr).toContain(
      'Inscrivez votre iPhone ou iPad d’ici le vendredi 18 décembre 2026',
    );
    expect(invites.en).toContain('Enroll your iPhone or iPad by Friday 18 December 2026');
    // What the admin wrote goes as written, in every language.
    for (const shown of Object.values(invites)) {
      expect(shown).toContain('Bitte bis zum 18. / Please by the 18th.');
    }

    // Thursday + 3 working days = Tuesday 09:00 Berlin: the reminders, each in its language.
    clock = Date.parse('2026-12-08T08:30:00Z');
    await runner.pass(campaign.id);
    expect(cardText(messageIds.reminder(campaign.id, de, 1))).toContain(
      'Erinnerung: Registrieren Sie Ihr iPhone oder iPad bis Freitag, 18. Dezember 2026',
    );
    expect(cardText(messageIds.reminder(campaign.id, ja, 1))).toContain(
      'リマインダー: 2026年12月18日',
    );
    expect(cardText(messageIds.reminder(campaign.id, en, 1))).toContain(
      'Reminder: enroll your iPhone or iPad by Friday 18 December 2026',
    );
    // The admin's dashboard stays English.
    const dashboards = queued.filter((m) => m.id.includes('/dashboard/'));
    for (const d of dashboards) expect(JSON.stringify(d.activity)).not.toMatch(/Registrieren|登録/);
  });
});
