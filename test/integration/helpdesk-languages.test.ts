/**
 * Reporting a problem in the employee's language, through the real bot: the form, its validation
 * messages, the confirmation with the diagnosis, "my tickets" and the notices sent later are in
 * German or Spanish, and behave as in English (the same fields and buttons, nothing stored for a
 * bad form, one ticket for a good one). The helpdesk's side stays English: the alert card keeps
 * the employee's own words as they wrote them and says which language they used.
 */
import type { Activity } from 'botbuilder';

import { VERBS } from '../../src/cards/verbs';
import { translator } from '../../src/i18n/catalogue';
import type { Language } from '../../src/i18n/languages';
import type { OutboxMessageInput } from '../../src/outbox';
import {
  cardAction,
  message,
  SSO_REPORT_FORM,
  USER,
  type ActivityOptions,
} from '../factories/activities';
import {
  cardButtons,
  cardOf,
  cardTexts,
  createBotHarness,
  type BotHarness,
} from '../helpers/bot-harness';
import { forEachNode, validateCard } from '../helpers/card-validation';
import { click, executeActions, responseCard, type InvokeBody } from '../helpers/clicks';

type Card = Record<string, unknown>;

const ADMIN = {
  id: '29:admin-mri',
  name: 'Adele Vance',
  aadObjectId: 'aaaaaaaa-0000-0000-0000-0000000000ad',
};
const AGENT = {
  id: '29:agent-mri',
  name: 'Alex Wilber',
  aadObjectId: 'aaaaaaaa-0000-0000-0000-0000000000a9',
};

const locale = (l: string, opts: ActivityOptions = {}): ActivityOptions => ({
  ...opts,
  overrides: { ...opts.overrides, locale: l },
});

const text = (card: Card): string => cardTexts(card).join('\n');

function invokeBody(replies: readonly Partial<Activity>[]): InvokeBody {
  const invoke = replies.find((r) => r.type === 'invokeResponse');
  return (invoke?.value as { body: InvokeBody }).body;
}

function alertCardOf(m: OutboxMessageInput | undefined): Card {
  return (m?.activity as { attachments: [{ content: Card }] }).attachments[0].content;
}

/** Every input of a card: id → its label (the Adaptive Card `label`). */
function inputLabels(card: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  forEachNode(card, (n) => {
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string') {
      out[n.id] = String(n.label);
    }
  });
  return out;
}

/** The choices of one Input.ChoiceSet: value → title. */
function choices(card: unknown, id: string): Record<string, string> {
  const out: Record<string, string> = {};
  forEachNode(card, (n) => {
    if (n.type === 'Input.ChoiceSet' && n.id === id) {
      for (const c of n.choices as { title: string; value: string }[]) out[c.value] = c.title;
    }
  });
  return out;
}

/** The values the inputs of a card hold: id → value. */
function inputValues(card: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  forEachNode(card, (n) => {
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string') {
      out[n.id] = n.value;
    }
  });
  return out;
}

/** A harness with a helpdesk channel (set by an English-speaking admin) and one agent. */
async function withChannel(): Promise<BotHarness> {
  const h = createBotHarness({ admins: [ADMIN.aadObjectId], helpdeskMembers: [AGENT.aadObjectId] });
  await h.send(message('set helpdesk channel', { scope: 'team', from: ADMIN }));
  return h;
}

/** What the employee wrote on the form, in their language (kept exactly as typed). */
const WORDS: Record<'de' | 'es', { errorText: string; question: string }> = {
  de: {
    errorText:
      'Sign In Failed: the Enrollment SSO application has been installed – danach ging nichts mehr',
    question: 'Muss ich Authenticator wirklich löschen? Meine Bank-App hängt daran.',
  },
  es: {
    errorText:
      'Sign In Failed: the Enrollment SSO application has been installed y luego se quedó colgado',
    question: '¿De verdad tengo que borrar Authenticator? Lo uso para el banco.',
  },
};

describe.each([
  { lang: 'de' as const, tag: 'de-DE', languageName: 'German', command: 'Problem melden' },
  {
    lang: 'es' as const,
    tag: 'es-ES',
    languageName: 'Spanish',
    command: 'informar de un problema',
  },
])('reporting a problem in $languageName', ({ lang, tag, languageName, command }) => {
  const t = translator(lang);
  const en = translator('en');
  const opts = locale(tag);

  it('the form is in the language, with the same fields, choices and button as in English', async () => {
    const h = createBotHarness();
    const replies = await h.send(message(command, opts));
    expect(replies).toHaveLength(1);
    const card = cardOf(replies[0]);
    expect(validateCard(card)).toEqual([]);
    expect(text(card)).toContain(t('report.form.title'));
    expect(text(card)).toContain(t('report.form.intro'));
    expect(text(card)).not.toContain(en('report.form.title'));
    expect(inputLabels(card)).toEqual({
      step: t('report.form.stepLabel'),
      errorText: t('report.form.errorTextLabel'),
      deviceModel: t('report.form.deviceLabel'),
      osVersion: t('report.form.osLabel'),
      ownership: t('report.form.ownershipLabel'),
      when: t('report.form.whenLabel'),
      question: t('report.form.questionLabel'),
    });
    // The same choices (values) as in English, with the titles in the language.
    const englishForm = cardOf((await h.send(message('report a problem')))[0]);
    expect(Object.keys(choices(card, 'step'))).toEqual(Object.keys(choices(englishForm, 'step')));
    expect(choices(card, 'step')['allow-remote-management']).toBe(
      t('report.steps.allow-remote-management'),
    );
    expect(choices(card, 'ownership')).toEqual({
      personal: t('report.form.ownership.personal'),
      company: t('report.form.ownership.company'),
      unknown: t('report.form.ownership.unknown'),
    });
    expect(cardButtons(card)).toEqual([t('report.form.send')]);
    expect(cardButtons(card)).not.toContain('Send to the helpdesk');
    expect(executeActions(card).map((a) => a.verb)).toEqual([VERBS.helpdeskReportSubmit]);
  });

  it('a form missing what is required comes back with the messages in the language, and nothing is stored', async () => {
    const h = await withChannel();
    const body = invokeBody(
      await h.send(
        cardAction(
          VERBS.helpdeskReportSubmit,
          { step: '', errorText: '  ', deviceModel: 'iPhone 15', osVersion: 'banane' },
          opts,
        ),
      ),
    );
    expect(body.statusCode).toBe(200);
    const card = responseCard(body);
    const shown = text(card);
    expect(shown).toContain(t('report.form.checkFields'));
    expect(shown).toContain(t('report.validation.step'));
    expect(shown).toContain(t('report.validation.noMessage'));
    expect(shown).toContain(t('report.validation.osFormat'));
    expect(shown).not.toContain(en('report.validation.step'));
    expect(shown).not.toContain(en('report.validation.noMessage'));
    // The values typed are kept, as in English.
    expect(inputValues(card)).toMatchObject({ deviceModel: 'iPhone 15', osVersion: 'banane' });
    expect(await h.helpdesk.tickets.listOpen()).toHaveLength(0);
    expect(h.outbox.messages.filter((m) => m.id.startsWith('incident-alert/'))).toHaveLength(0);
  });

  it('a too long device model is refused in the language', async () => {
    const h = createBotHarness();
    const body = invokeBody(
      await h.send(
        cardAction(
          VERBS.helpdeskReportSubmit,
          { ...SSO_REPORT_FORM, deviceModel: 'x'.repeat(61) },
          opts,
        ),
      ),
    );
    expect(text(responseCard(body))).toContain(t('report.validation.deviceTooLong'));
    expect(await h.helpdesk.tickets.listOpen()).toHaveLength(0);
  });

  it('files the ticket with the words as written and the language; confirms in the language; the alert shows both', async () => {
    const h = await withChannel();
    const words = WORDS[lang];
    const body = invokeBody(
      await h.send(
        cardAction(
          VERBS.helpdeskReportSubmit,
          { ...SSO_REPORT_FORM, errorText: words.errorText, question: words.question },
          opts,
        ),
      ),
    );
    const confirmation = responseCard(body);
    const shown = text(confirmation);

    const [ticket] = await h.helpdesk.tickets.listOpen();
    expect(ticket).toBeDefined();
    // Stored as the employee wrote it, never translated; the language recorded beside it.
    expect(ticket?.error.text).toBe(words.errorText);
    expect(ticket?.question).toBe(words.question);
    expect((ticket as unknown as { language?: Language }).language).toBe(lang);
    // The helpdesk's diagnosis stays English.
    expect(ticket?.diagnosis.ruleId).toBe('sso-app-installed');
    expect(ticket?.diagnosis.title).toBe('Enrollment SSO message: Authenticator already installed');

    // The employee's confirmation: their ticket number and the diagnosis in their language.
    expect(shown).toContain(t('report.filed.heading', { id: ticket?.id }));
    expect(shown).toContain(t('report.filed.notified'));
    expect(shown).toContain(
      t('report.filed.likelyCause', { title: t('report.diagnosis.sso-app-installed.title') }),
    );
    expect(shown).toContain(t('report.filed.fixYourself'));
    expect(shown).toContain(`1. ${t('report.diagnosis.sso-app-installed.steps.1')}`);
    expect(shown).not.toMatch(/Ticket \*\*ENR-[0-9A-Z-]+\*\* filed|Likely cause|fix this yourself/);
    expect(body.value).toBeDefined();

    // The helpdesk's alert: English labels, the employee's own words, and their language.
    const alerts = h.outbox.messages.filter((m) => m.id.startsWith('incident-alert/'));
    expect(alerts).toHaveLength(1);
    const alert = alertCardOf(alerts[0]);
    expect(validateCard(alert)).toEqual([]);
    const staff = text(alert);
    expect(staff).toContain(`Language: ${languageName}`);
    expect(staff).toContain(`Question: ${words.question}`);
    expect(staff).toContain('Sign In Failed: the Enrollment SSO application has been installed');
    expect(staff).toContain(words.errorText.split('installed')[1]?.trim());
    expect(staff).toContain('Severity: ');
    expect(staff).toContain('**Diagnosis** (high): ');
    expect(staff).not.toContain(t('report.diagnosis.sso-app-installed.cause'));
  });

  it('"my tickets", adding information and the notices sent later are in the language', async () => {
    const h = await withChannel();
    await h.send(cardAction(VERBS.helpdeskReportSubmit, SSO_REPORT_FORM, opts));
    const [ticket] = await h.helpdesk.tickets.listOpen();
    const mine = lang === 'de' ? 'meine Tickets' : 'mis tickets';
    const replies = await h.send(message(mine, opts));
    expect(replies).toHaveLength(1);
    const card = cardOf(replies[0]);
    expect(validateCard(card)).toEqual([]);
    expect(cardTexts(card)[0]).toBe(t('report.cases.title'));
    expect(text(card)).toContain(`**${ticket?.id}** · ${t('report.cases.status.waiting')}`);
    expect(text(card)).toContain(t('report.diagnosis.sso-app-installed.title'));
    expect(text(card)).toMatch(/\{\{DATE\(/);
    expect(cardButtons(card)).toEqual([
      t('report.cases.addInfo'),
      t('report.form.send'),
      t('report.cases.worksNow'),
    ]);

    // What they add reaches the helpdesk as they wrote it (the case card reads English).
    const added = lang === 'de' ? 'Auf dem iPad geht es auch nicht' : 'En el iPad tampoco va';
    const sent = await click(
      h,
      card,
      t('report.form.send'),
      { [`info-${ticket?.id}`]: added },
      opts,
    );
    expect(text(responseCard(sent.response))).toContain(t('report.cases.sent'));
    expect((await h.helpdesk.tickets.get(ticket!.id))?.notes.map((n) => n.text)).toEqual([
      `From the employee: ${added}`,
    ]);

    // The helpdesk takes it: the reporter is told in their language, outside any turn of theirs.
    const alert = alertCardOf(h.outbox.messages.find((m) => m.id.startsWith('incident-alert/')));
    const before = h.outbox.messages.length;
    // (the card was redrawn when information was added: act on the newest one)
    const latest = alertCardOf(
      [...h.outbox.messages].reverse().find((m) => m.kind === 'update') ?? h.outbox.messages[0],
    );
    expect(cardButtons(alert)).toContain('Assign to me');
    const assigned = await click(h, latest, 'Assign to me', {}, { scope: 'team', from: AGENT });
    expect(assigned.response.statusCode).toBe(200);
    const notice = h.outbox.messages.slice(before).find((m) => m.id.startsWith('ticket-notice/'));
    expect(String(notice?.activity.text)).toBe(
      t('report.notices.assigned', { id: ticket?.id, name: AGENT.name }),
    );
    expect(String(notice?.activity.text)).not.toMatch(/from the helpdesk is now working/);
  });
});

describe('the person’s language for notices sent later', () => {
  it('follows the language they chose over the one they reported in', async () => {
    const h = await withChannel();
    await h.send(cardAction(VERBS.helpdeskReportSubmit, SSO_REPORT_FORM, locale('de-DE')));
    await h.helpdesk.languages?.choose(USER.aadObjectId, 'es');
    const before = h.outbox.messages.length;
    const alert = alertCardOf(h.outbox.messages.find((m) => m.id.startsWith('incident-alert/')));
    await click(h, alert, 'Acknowledge', {}, { scope: 'team', from: AGENT });
    const [ticket] = await h.helpdesk.tickets.listOpen();
    const notice = h.outbox.messages.slice(before).find((m) => m.id.startsWith('ticket-notice/'));
    expect(String(notice?.activity.text)).toBe(
      translator('es')('report.notices.acknowledged', { id: ticket?.id }),
    );
  });

  it('is English for a ticket that recorded no language and a person with no preference', async () => {
    const h = await withChannel();
    await h.send(cardAction(VERBS.helpdeskReportSubmit, SSO_REPORT_FORM));
    const [ticket] = await h.helpdesk.tickets.listOpen();
    // As a ticket filed before languages were recorded.
    await h.helpdesk.tickets.update(ticket!.id, (t) => {
      delete (t as { language?: string }).language;
    });
    const alert = alertCardOf(h.outbox.messages.find((m) => m.id.startsWith('incident-alert/')));
    const before = h.outbox.messages.length;
    const acknowledged = await click(h, alert, 'Acknowledge', {}, { scope: 'team', from: AGENT });
    // The redrawn card shows no Language fact for it.
    expect(text(responseCard(acknowledged.response))).not.toMatch(/Language:/);
    const notice = h.outbox.messages.slice(before).find((m) => m.id.startsWith('ticket-notice/'));
    expect(String(notice?.activity.text)).toBe(
      `The helpdesk has seen your enrollment problem ${ticket?.id} and will be in touch here.`,
    );
  });
});

describe('"Ask the helpdesk" in the person’s language', () => {
  it('opens the form in German with their question filled in, as in English', async () => {
    const h = createBotHarness();
    const de = locale('de-DE');
    // A German answer card with its "Helpdesk fragen" button.
    const answer = cardOf(
      (await h.send(message('Was kann meine Organisation auf meinem iPhone sehen?', de)))[0],
    );
    const ask = executeActions(answer).find((a) => a.verb === VERBS.helpdeskAsk);
    expect(ask?.title).toBe('Helpdesk fragen');
    const replies = await h.send(cardAction(VERBS.helpdeskAsk, ask?.data ?? {}, de));
    const body = invokeBody(replies);
    expect(JSON.stringify(body.value)).toContain(translator('de')('report.form.opened'));
    const form = cardOf(replies.find((r) => r.type === 'message'));
    expect(validateCard(form)).toEqual([]);
    expect(text(form)).toContain('Ein Registrierungsproblem melden');
    expect(inputValues(form)).toMatchObject({
      step: 'other',
      question: 'Was kann meine Organisation auf meinem iPhone sehen?',
    });
    expect(cardButtons(form)).toEqual(['An den Helpdesk senden']);
  });
});
