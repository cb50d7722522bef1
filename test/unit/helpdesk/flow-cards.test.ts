import {
  renderHelpdeskIncidentAlertCard,
  renderHelpdeskReportFiledCard,
  renderHelpdeskReportFormCard,
  renderHelpdeskTicketListCard,
} from '../../../src/cards/helpdesk-cards';
import { MAX_CARD_BYTES, type RenderedCard } from '../../../src/cards/render';
import { escapeCardText } from '../../../src/cards/text';
import { VERBS } from '../../../src/cards/verbs';
import {
  chatLink,
  incidentAlertCardData,
  incidentStatus,
  reportFiledCardData,
  reportFormCardData,
  ticketListCardData,
  type ReportFormValues,
} from '../../../src/flows/helpdesk/card-data';
import { enrollmentStepOf } from '../../../src/flows/helpdesk/helpdesk';
import {
  diagnose,
  ENROLLMENT_STEP_LABELS,
  ENROLLMENT_STEPS,
  type FieldErrors,
  type Incident,
  type Ticket,
} from '../../../src/helpdesk';
import { forEachNode, textBlocks, validateCard } from '../../helpers/card-validation';
import { executeActions } from '../../helpers/clicks';

const SSO_ERROR = 'Sign In Failed: the Enrollment SSO application has been installed';
const REV = '0123456789abcdef';
const FORM_ID = '3b241101-e2bb-4255-8caf-4136c566a962';

/** A ticket as the store returns it, diagnosed from its error text or code. */
function ticket(n: number, overrides: Partial<Ticket> = {}): Ticket {
  const error = overrides.error ?? { text: SSO_ERROR };
  const diagnosis = diagnose({ errorText: error.text, errorCode: error.code, osVersion: '17.4.1' });
  return {
    id: `ENR-T${n}`,
    status: 'open',
    source: 'employee',
    reporter: { aadObjectId: `aad-${n}`, name: `User ${n}` },
    device: 'iPhone 15',
    os: '17.4.1',
    method: 'accountDrivenUserEnrollment',
    ownership: 'personal',
    step: 'sign-in',
    error,
    when: '2026-03-01T09:30:00.000Z',
    diagnosis,
    causeKey: diagnosis.causeKey,
    createdAt: `2026-03-01T10:0${n}:00.000Z`,
    updatedAt: `2026-03-01T10:0${n}:00.000Z`,
    notes: [],
    history: [],
    ...overrides,
  };
}

function incident(tickets: readonly Ticket[]): Incident {
  const users = [...new Set(tickets.map((t) => t.reporter.aadObjectId ?? t.id))];
  return {
    id: 'INC-7Q2',
    causeKey: tickets[0]!.causeKey,
    ruleId: tickets[0]!.diagnosis.ruleId,
    title: tickets[0]!.diagnosis.title,
    status: tickets.every((t) => t.status === 'resolved') ? 'resolved' : 'open',
    tickets: tickets.map((t) => t.id),
    affectedUsers: users,
    count: tickets.length,
    firstReportAt: tickets[0]!.createdAt,
    lastReportAt: tickets[tickets.length - 1]!.createdAt,
  };
}

const form = (values?: ReportFormValues, errors?: FieldErrors): RenderedCard =>
  renderHelpdeskReportFormCard(reportFormCardData(values, errors));
const filed = (t: Ticket, notified: boolean): RenderedCard =>
  renderHelpdeskReportFiledCard(reportFiledCardData(t, notified));
const alert = (tickets: readonly Ticket[]): RenderedCard =>
  renderHelpdeskIncidentAlertCard(incidentAlertCardData(incident(tickets), tickets, REV));
const list = (tickets: readonly Ticket[]): RenderedCard =>
  renderHelpdeskTicketListCard(ticketListCardData(tickets));

function factsOf(card: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  forEachNode(card, (o) => {
    if (o.type === 'FactSet') {
      for (const f of o.facts as { title: string; value: string }[]) out[f.title] = f.value;
    }
  });
  return out;
}

function bodyOf(card: RenderedCard): Record<string, unknown>[] {
  return card.attachment.content.body as Record<string, unknown>[];
}

/** Every piece of text a card shows: TextBlocks, fact values, input values, button titles. */
function shownTexts(card: Record<string, unknown>): string[] {
  const out: string[] = [];
  forEachNode(card, (o) => {
    for (const key of ['text', 'value', 'title']) {
      if (typeof o[key] === 'string') out.push(o[key]);
    }
  });
  return out;
}

describe('helpdesk flow cards', () => {
  it.each([
    ['Tap **Allow Remote Management**', 'allow-remote-management'],
    ['Open Settings › VPN & Device Management and sign in with your work account', 'sign-in'],
    ['Sign in to iCloud with your Managed Apple ID', 'icloud'],
    ['Microsoft Authenticator installs by itself', 'authenticator'],
    ['Approve the sign-in with your verification code', 'mfa'],
    ['Something unrelated', undefined],
  ])('maps the guide step "%s" to %s', (text, step) => {
    expect(enrollmentStepOf(text)).toBe(step);
  });

  it('the form shows errors beside fields, keeps values, and validates', () => {
    const card = form(
      { errorText: '**bold** <b>x</b>', osVersion: 'banana' },
      { osVersion: 'The iOS version should look like "17.4.1".' },
    );
    expect(validateCard(card.attachment.content)).toEqual([]);
    const json = JSON.stringify(card.attachment.content);
    expect(json).toContain('should look like');
    expect(json).toContain('"value":"banana"');
  });

  it('derives the incident status from its tickets', () => {
    const t = (status: Ticket['status']) => ({ status }) as Ticket;
    expect(incidentStatus([t('resolved'), t('resolved')])).toBe('resolved');
    expect(incidentStatus([t('resolved'), t('assigned')])).toBe('assigned');
    expect(incidentStatus([t('open'), t('resolved')])).toBe('open');
  });

  it('builds the Teams chat link with the UPN encoded', () => {
    expect(chatLink('a+b@contoso.example')).toBe(
      'https://teams.microsoft.com/l/chat/0/0?users=a%2Bb%40contoso.example',
    );
    expect(chatLink('\ud800x@contoso.example')).toBe(
      'https://teams.microsoft.com/l/chat/0/0?users=%EF%BF%BDx%40contoso.example',
    );
  });
});

describe('helpdesk report form card', () => {
  it('without errors: every input in order, the step choices, no error lines, the submit button', () => {
    const card = form({ formId: FORM_ID });
    const content = card.attachment.content;
    expect(validateCard(content)).toEqual([]);
    expect(card.summary).toBe('Report an enrollment problem');
    expect(content.fallbackText).toBe(card.summary);
    const body = bodyOf(card);
    expect(body.map((e) => e.id ?? e.type)).toEqual([
      'TextBlock',
      'TextBlock',
      'step',
      'errorText',
      'deviceModel',
      'osVersion',
      'ownership',
      'when',
      'question',
    ]);
    expect(textBlocks(content)).toEqual([
      'Report an enrollment problem',
      'Tell the helpdesk what happened. You get a ticket number at once, and a fix right away when it is one you can do yourself.',
    ]);
    expect(body[2]).toMatchObject({ label: 'Where did it stop?', style: 'compact', value: '' });
    expect(body[2]!.choices).toEqual(
      ENROLLMENT_STEPS.map((s) => ({ title: ENROLLMENT_STEP_LABELS[s], value: s })),
    );
    expect(body[6]).toMatchObject({ style: 'expanded', value: 'unknown' });
    expect(content.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Send to the helpdesk',
        verb: VERBS.helpdeskReportSubmit,
        style: 'positive',
        associatedInputs: 'auto',
        data: { formId: FORM_ID },
      },
    ]);
  });

  it('gives each new form its own id', () => {
    const ids = [form(), form()].map((c) => executeActions(c.attachment.content)[0]?.data.formId);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).not.toBe(ids[0]);
  });

  it('with errors: the banner, and each escaped message right under its own field', () => {
    const card = form(
      { formId: FORM_ID, step: 'nowhere', deviceModel: 'iPad Air', ownership: 'x', when: 'soon' },
      { step: 'Choose the step.', when: 'Pick **the** date.' },
    );
    expect(validateCard(card.attachment.content)).toEqual([]);
    const body = bodyOf(card);
    expect(body[2]).toMatchObject({
      type: 'TextBlock',
      text: 'Please check the fields marked below.',
      color: 'Attention',
    });
    const after = (id: string) => body[body.findIndex((e) => e.id === id) + 1];
    expect(after('step')).toMatchObject({ text: 'Choose the step.', color: 'Attention' });
    expect(after('when')).toMatchObject({ text: escapeCardText('Pick **the** date.') });
    expect(after('errorText')?.id).toBe('deviceModel');
    // Kept values; invalid choices fall back to none / "Not sure".
    const value = (id: string) => body.find((e) => e.id === id)?.value;
    expect([value('step'), value('deviceModel'), value('ownership'), value('when')]).toEqual([
      '',
      'iPad Air',
      'unknown',
      '',
    ]);
  });

  it('keeps prefilled step, device, OS, ownership and date', () => {
    const body = bodyOf(
      form({
        step: 'mfa',
        deviceModel: 'iPhone',
        osVersion: '17.4',
        ownership: 'company',
        when: '2026-03-01',
      }),
    );
    const value = (id: string) => body.find((e) => e.id === id)?.value;
    expect(['step', 'deviceModel', 'osVersion', 'ownership', 'when'].map(value)).toEqual([
      'mfa',
      'iPhone',
      '17.4',
      'company',
      '2026-03-01',
    ]);
  });
});

describe('helpdesk report acknowledgement card', () => {
  it('shows the ticket number and the numbered self-fix when the employee can fix it', () => {
    const t = ticket(1);
    expect(t.diagnosis.employeeCanFix).toBe(true);
    const card = filed(t, true);
    expect(validateCard(card.attachment.content)).toEqual([]);
    expect(textBlocks(card.attachment.content)).toEqual([
      'Ticket **ENR-T1** filed',
      'The helpdesk has been alerted and will keep you posted here. Type **my tickets** any time to see where it stands or to add information.',
      `Likely cause: ${t.diagnosis.title}`,
      escapeCardText(t.diagnosis.cause),
      'You can fix this yourself:',
      ...t.diagnosis.steps.map((s, i) => `${i + 1}. ${escapeCardText(s)}`),
      'If it still fails afterwards, reply here and mention your ticket number.',
    ]);
    expect(card.summary).toBe(`Ticket ENR-T1 filed: ${t.diagnosis.title}`);
    expect(card.attachment.content.fallbackText).toBe(card.summary);
    expect(card.attachment.content.actions).toBeUndefined();
  });

  it('says the administrators act, without steps, when only they can fix it', () => {
    const t = ticket(2, { error: { code: 'APNSCertificateNotValid' } });
    expect(t.diagnosis.fixedBy).toBe('admin');
    const texts = textBlocks(filed(t, false).attachment.content);
    expect(texts[1]).toBe(
      'Your report is saved; the helpdesk will pick it up and keep you posted here. Type **my tickets** any time to see where it stands or to add information.',
    );
    expect(texts.slice(-1)).toEqual([
      'This needs a change by your IT administrators; the helpdesk will arrange it.',
    ]);
    expect(texts).not.toContain('You can fix this yourself:');
    expect(texts.filter((s) => /^\d\. /.test(s))).toEqual([]);
  });

  it('never shows the helpdesk steps of an unknown cause to the employee', () => {
    const t = ticket(3, { error: { text: 'Something odd zqxj happened' } });
    expect(t.diagnosis.ruleId).toBe('unknown');
    const texts = textBlocks(filed(t, true).attachment.content);
    expect(texts).toContain('No known cause matches yet');
    expect(texts.slice(-1)).toEqual(['The helpdesk will look into it.']);
    for (const step of t.diagnosis.steps) expect(texts.join('\n')).not.toContain(step);
  });
});

/** A time as the card shows it: Teams formats it in the reader's own time zone. */
const at = (iso: string): string => `{{DATE(${iso}, SHORT)}} {{TIME(${iso})}}`;

describe('helpdesk incident alert card', () => {
  const agent = { aadObjectId: 'agent', name: 'Alex Wilber' };
  const note = (at: string, text: string) => ({ at, by: agent, text });

  it('an open incident: counter, affected users, all facts, diagnosis, the timeline and the actions', () => {
    const tickets = [
      ticket(1, {
        status: 'assigned',
        assignee: agent,
        notes: [note('2026-03-01T11:00:00Z', 'a')],
      }),
      ticket(2, {
        reporter: { aadObjectId: 'aad-2', name: 'Megan Bowen', upn: 'meganb@contoso.example' },
        notes: [
          note('2026-03-01T11:03:00Z', 'd'),
          note('2026-03-01T11:01:00Z', 'b'),
          note('2026-03-01T11:02:00Z', 'c'),
        ],
      }),
    ];
    const card = alert(tickets);
    const content = card.attachment.content;
    expect(validateCard(content)).toEqual([]);
    const d = tickets[1]!.diagnosis;
    expect(textBlocks(content)).toEqual([
      `INC-7Q2: ${escapeCardText(d.title)}`,
      // Status and severity at a glance (the header's colour follows the status).
      'Assigned',
      'Severity: Medium',
      '2 people affected · 2 reports',
      '2 people hit it; each can fix it with the steps they were given.',
      'Affected: User 1, Megan Bowen',
      `**Diagnosis** (${d.confidence}): ${escapeCardText(d.cause)}`,
      ...d.steps.slice(0, 6).map((s, i) => `${i + 1}. ${escapeCardText(s)}`),
      '**Timeline**',
      // Oldest first, each with who and when (in the reader's time zone, by Teams).
      `**Reported** by User 1 (ENR-T1) · ${at('2026-03-01T10:01:00Z')}`,
      `**Grouped**: Megan Bowen reported the same problem (ENR-T2) · ${at('2026-03-01T10:02:00Z')}`,
      `**Note** by Alex Wilber: a · ${at('2026-03-01T11:00:00Z')}`,
      `**Note** by Alex Wilber: b · ${at('2026-03-01T11:01:00Z')}`,
      `**Note** by Alex Wilber: c · ${at('2026-03-01T11:02:00Z')}`,
      `**Note** by Alex Wilber: d · ${at('2026-03-01T11:03:00Z')}`,
    ]);
    expect(factsOf(content)).toEqual({
      Who: 'Megan Bowen',
      UPN: 'meganb@contoso.example',
      Device: 'iPhone 15',
      OS: '17.4.1',
      Method: 'Account-driven User Enrollment',
      Ownership: 'personal',
      Step: ENROLLMENT_STEP_LABELS['sign-in'],
      Error: SSO_ERROR,
      When: '2026-03-01T09:30:00.000Z',
      // Each person's own case number, so whoever quotes theirs finds this card.
      Cases: 'ENR-T1 (User 1), ENR-T2 (Megan Bowen)',
      Status: 'assigned (Alex Wilber)',
    });
    const data = { incidentId: 'INC-7Q2', rev: REV };
    expect(content.actions).toEqual([
      // Assigned: no Acknowledge (it would change nothing), Unassign instead.
      { type: 'Action.Execute', title: 'Assign to me', verb: VERBS.helpdeskAssign, data },
      { type: 'Action.Execute', title: 'Unassign', verb: VERBS.helpdeskUnassign, data },
      {
        type: 'Action.ShowCard',
        title: 'Reassign',
        card: {
          type: 'AdaptiveCard',
          body: [
            {
              type: 'Input.Text',
              id: 'reassignTo',
              label: 'Give it to (name or email of a helpdesk member)',
              maxLength: 256,
            },
          ],
          actions: [
            { type: 'Action.Execute', title: 'Reassign', verb: VERBS.helpdeskReassign, data },
          ],
        },
      },
      {
        type: 'Action.ShowCard',
        title: 'Add note',
        card: {
          type: 'AdaptiveCard',
          body: [
            { type: 'Input.Text', id: 'note', label: 'Note', isMultiline: true, maxLength: 2000 },
          ],
          actions: [{ type: 'Action.Execute', title: 'Save note', verb: VERBS.helpdeskNote, data }],
        },
      },
      {
        type: 'Action.ShowCard',
        title: 'Resolve',
        card: {
          type: 'AdaptiveCard',
          body: [
            {
              type: 'Input.Text',
              id: 'resolveNote',
              label: 'What fixed it (the reporters are told)',
              isMultiline: true,
              maxLength: 2000,
            },
          ],
          actions: [
            { type: 'Action.Execute', title: 'Resolve', verb: VERBS.helpdeskResolve, data },
          ],
        },
      },
    ]);
    // Links about the case sit with its facts, beside the actions that change it.
    expect(bodyOf(card).find((e) => e.type === 'ActionSet')?.actions).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'Chat with Megan Bowen',
        url: 'https://teams.microsoft.com/l/chat/0/0?users=meganb%40contoso.example',
      },
    ]);
    expect(card.summary).toBe(`INC-7Q2: ${d.title} (2, assigned)`);
    expect(content.fallbackText).toBe(card.summary);
  });

  it('one reporter without a UPN: no affected line, no UPN fact, no chat button', () => {
    const content = alert([ticket(1)]).attachment.content;
    expect(validateCard(content)).toEqual([]);
    const texts = textBlocks(content);
    expect(texts.slice(1, 5)).toEqual([
      'New',
      'Severity: Low',
      '1 person affected · 1 report',
      'The employee can fix this with the steps they were given.',
    ]);
    expect(texts.some((t) => t.startsWith('Affected:'))).toBe(false);
    expect(Object.keys(factsOf(content))).not.toContain('UPN');
    expect(factsOf(content).Status).toBe('open');
    expect((content.actions as { type: string }[]).map((a) => a.type)).not.toContain(
      'Action.OpenUrl',
    );
  });

  it('shows status at a glance: the header is red when new, amber while worked, green when resolved', () => {
    const styleOf = (tickets: Ticket[]): unknown => bodyOf(alert(tickets))[0]?.style;
    expect(styleOf([ticket(1)])).toBe('attention');
    expect(
      styleOf([ticket(1, { history: [{ at: '2026-03-01T10:05:00Z', action: 'acknowledged' }] })]),
    ).toBe('warning');
    expect(styleOf([ticket(1, { status: 'assigned', assignee: agent })])).toBe('warning');
    expect(styleOf([ticket(1, { status: 'resolved' })])).toBe('good');
    // Reopened and not yet seen again: red, and says so.
    const reopened = [
      ticket(1, { history: [{ at: '2026-03-01T11:00:00Z', action: 'reopened', by: agent }] }),
    ];
    expect(styleOf(reopened)).toBe('attention');
    expect(textBlocks(alert(reopened).attachment.content)[1]).toBe('Reopened');
  });

  it('rates severity by who must fix it and how many people it blocks', () => {
    const severity = (tickets: Ticket[]): string[] => {
      const texts = textBlocks(alert(tickets).attachment.content);
      return [texts.find((t) => t.startsWith('Severity:')) ?? '', texts[4] ?? ''];
    };
    // An organisation setting (the Apple push certificate): everyone is blocked.
    expect(severity([ticket(1, { error: { code: 'APNSCertificateNotValid' } })])).toEqual([
      'Severity: High',
      'An organisation setting: everyone who enrolls this way is blocked until an admin fixes it.',
    ]);
    // Nothing matched: the helpdesk has to look.
    expect(severity([ticket(1, { error: { text: 'Something odd zqxj happened' } })])).toEqual([
      'Severity: Medium',
      'No known cause matches yet: the helpdesk needs to look.',
    ]);
    // Five people with the same self-fixable problem: High all the same.
    const five = [1, 2, 3, 4, 5].map((n) => ticket(n));
    expect(severity(five)).toEqual(['Severity: High', '5 people are blocked by the same problem.']);
    // The severity's colour follows it.
    const colour = (tickets: Ticket[]): unknown => {
      let found: unknown;
      forEachNode(alert(tickets).attachment.content, (o) => {
        if (typeof o.text === 'string' && o.text.startsWith('Severity:')) found = o.color;
      });
      return found;
    };
    expect(colour(five)).toBe('Attention');
    expect(colour([ticket(1)])).toBe('Default');
  });

  it("shares one case number: the case takes the first report's number, and lists the others'", () => {
    const first = ticket(1, { id: 'ENR-7K4M-QX2P' });
    const one = renderHelpdeskIncidentAlertCard(
      incidentAlertCardData({ ...incident([first]), id: first.id }, [first], REV),
    ).attachment.content;
    expect(textBlocks(one)[0]).toMatch(/^ENR-7K4M-QX2P: /);
    // Nothing repeats the number the title shows.
    expect(Object.keys(factsOf(one))).not.toContain('Cases');
    expect(textBlocks(one).find((t) => t.startsWith('**Reported**'))).toBe(
      `**Reported** by User 1 · ${at('2026-03-01T10:01:00Z')}`,
    );
    const second = ticket(2, { id: 'ENR-9TZW-HX3R' });
    const two = renderHelpdeskIncidentAlertCard(
      incidentAlertCardData({ ...incident([first, second]), id: first.id }, [first, second], REV),
    ).attachment.content;
    expect(factsOf(two).Cases).toBe('ENR-7K4M-QX2P (User 1), ENR-9TZW-HX3R (User 2)');
  });

  it('offers "Propose an answer" on a resolved case the bot had no answer for, drafted from the case', () => {
    const resolvedAt = '2026-03-01T12:00:00.000Z';
    const solved = ticket(1, {
      status: 'resolved',
      error: { text: 'Screen went grey zqxj <b>x</b>' },
      question: 'why does my ipad say this?',
      history: [
        {
          at: resolvedAt,
          by: agent,
          action: 'resolved',
          detail: 'incident INC-7Q2: Restart, then retry',
        },
      ],
    });
    expect(solved.diagnosis.ruleId).toBe('unknown');
    const content = alert([solved]).attachment.content;
    expect(validateCard(content)).toEqual([]);
    const actions = content.actions as { title: string; card?: Record<string, unknown> }[];
    expect(actions.map((a) => a.title)).toEqual(['Reopen', 'Propose an answer']);
    const form = actions[1]!.card!;
    const inputs: Record<string, unknown> = {};
    forEachNode(form, (o) => {
      if (o.type === 'Input.Text') inputs[o.id as string] = o.value;
    });
    expect(inputs).toEqual({
      answerTitle: 'Enrollment fails with "Screen went grey zqxj <b>x</b>"',
      answerQuestion:
        'why does my ipad say this?\nWhy do I get "Screen went grey zqxj <b>x</b>" when I enroll?',
      answerSymptom: 'Screen went grey zqxj <b>x</b>',
      answerCause: '',
      answerSteps: 'Restart, then retry',
    });
    expect((form.actions as { verb: string; data: unknown }[])[0]).toMatchObject({
      verb: VERBS.helpdeskProposeAnswer,
      data: { incidentId: 'INC-7Q2', rev: REV },
    });

    // Once proposed: no second proposal, and the card says who proposed it.
    const proposed = renderHelpdeskIncidentAlertCard(
      incidentAlertCardData(
        {
          ...incident([solved]),
          proposedAnswer: { id: 'team-abcdefgh', by: agent, at: resolvedAt },
        },
        [solved],
        REV,
      ),
    ).attachment.content;
    expect((proposed.actions as { title: string }[]).map((a) => a.title)).toEqual(['Reopen']);
    expect(textBlocks(proposed).slice(-1)[0]).toBe(
      `Answer proposed by Alex Wilber · ${at('2026-03-01T12:00:00Z')}. Admins review it with **team answers** before employees see it.`,
    );
    // A cause the bot answers with confidence gets no proposal.
    const known = ticket(2, { status: 'resolved' });
    expect(known.diagnosis.confidence).toBe('high');
    expect(
      (alert([known]).attachment.content.actions as { title: string }[]).map((a) => a.title),
    ).toEqual(['Reopen']);
  });

  it('Reassign offers a searchable list of the helpdesk, without whoever has the case now', () => {
    const members = [
      { aadObjectId: 'agent', name: 'Alex Wilber', upn: 'alexw@contoso.example' },
      { aadObjectId: 'l1', name: 'Lynne Robbins', upn: 'lynner@contoso.example' },
      { aadObjectId: 'l2', name: 'Lynne Robbins', upn: 'lynne.robbins@contoso.example' },
      { aadObjectId: 'x', name: 'Odd ${x} **name**', upn: 'odd@contoso.example' },
      { aadObjectId: 'y', name: 'No sign-in name', upn: 'not-an-email' },
    ];
    const tickets = [ticket(1, { status: 'assigned', assignee: agent })];
    const content = renderHelpdeskIncidentAlertCard(
      incidentAlertCardData(incident(tickets), tickets, REV, { candidates: members }),
    ).attachment.content;
    expect(validateCard(content)).toEqual([]);
    const reassign = (content.actions as { title: string; card?: { body: unknown[] } }[]).find(
      (a) => a.title === 'Reassign',
    );
    expect(reassign?.card?.body).toEqual([
      {
        type: 'Input.ChoiceSet',
        id: 'reassignTo',
        label: 'Give it to (type to search the helpdesk)',
        style: 'filtered',
        isRequired: true,
        errorMessage: 'Choose a helpdesk member.',
        choices: [
          // Two people with one name are told apart by their sign-in names.
          { title: 'Lynne Robbins (lynner@contoso.example)', value: 'lynner@contoso.example' },
          {
            title: 'Lynne Robbins (lynne.robbins@contoso.example)',
            value: 'lynne.robbins@contoso.example',
          },
          // Shown as typed (a choice title is plain text), never as a binding.
          { title: 'Odd $\u200b{x} **name**', value: 'odd@contoso.example' },
        ],
      },
    ]);
    // Without a list (no helpdesk group), the form asks for a name or email.
    const plain = alert(tickets).attachment.content;
    const plainForm = (plain.actions as { title: string; card?: { body: { type: string }[] } }[])
      .find((a) => a.title === 'Reassign')
      ?.card?.body.map((e) => e.type);
    expect(plainForm).toEqual(['Input.Text']);
  });

  it('a resolved incident offers only Reopen, with the same incident id and rev', () => {
    const tickets = [ticket(1, { status: 'resolved', assignee: agent })];
    const content = alert(tickets).attachment.content;
    expect(validateCard(content)).toEqual([]);
    expect(factsOf(content).Status).toBe('resolved');
    expect(content.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Reopen',
        verb: VERBS.helpdeskReopen,
        data: { incidentId: 'INC-7Q2', rev: REV },
      },
    ]);
  });

  it('shows "not given" for missing details and the raw step when it is not a known one', () => {
    const t = ticket(1, { step: 'weird *step*' });
    delete t.device;
    delete t.os;
    delete t.method;
    delete t.ownership;
    delete t.when;
    const facts = factsOf(alert([t]).attachment.content);
    expect(facts).toMatchObject({
      Device: 'not given',
      OS: 'not given',
      Method: 'not given',
      Ownership: 'unknown',
      Step: 'weird \\*step\\*',
      // No time given: when it was reported, in the reader's own time zone.
      When: at(t.createdAt.replace('.000Z', 'Z')),
    });
  });
});

describe('helpdesk ticket list card', () => {
  it('says when there are no open tickets', () => {
    const card = list([]);
    expect(validateCard(card.attachment.content)).toEqual([]);
    expect(textBlocks(card.attachment.content)).toEqual([
      'Open enrollment tickets',
      'No open tickets.',
    ]);
    expect(card.summary).toBe('0 open enrollment tickets');
    expect(card.attachment.content.fallbackText).toBe(card.summary);
  });

  it('lists the first 25 tickets and counts all of them', () => {
    const tickets = Array.from({ length: 30 }, (_, i) =>
      ticket(i, { status: i === 0 ? 'assigned' : 'open' }),
    );
    const card = list(tickets);
    expect(validateCard(card.attachment.content)).toEqual([]);
    const texts = textBlocks(card.attachment.content);
    expect(texts).toHaveLength(26);
    expect(texts[1]).toBe(
      `**ENR-T0** · assigned · User 0 · ${escapeCardText(tickets[0]!.diagnosis.title)}`,
    );
    expect(texts).not.toContain('No open tickets.');
    expect(card.summary).toBe('30 open enrollment tickets');
    expect(list(tickets.slice(0, 1)).summary).toBe('1 open enrollment ticket');
  });
});

describe('helpdesk cards with hostile text', () => {
  const HOSTILE =
    '${evil} {{DATE(2026-03-01T09:30:00Z, SHORT)}} **b** <b>x</b> [click](https://evil.example)\n# head\n- item';
  const cases: [string, string][] = [
    ['Markdown, HTML and bindings', HOSTILE],
    ['10,000 characters', HOSTILE.repeat(100).slice(0, 10_000)],
    // Backslashes double when escaped and again in JSON; lone surrogates take 6 bytes in JSON.
    ['10,000 worst-case characters', '\\\ud800'.repeat(5_000)],
    ['bidirectional overrides', 'invoice\u202efdp.exe \u2066x\u2069 \u202a\u202b\u202c\u202d'],
  ];

  function hostileTickets(s: string): Ticket[] {
    const by = { aadObjectId: 'agent', name: s };
    const notes = [1, 2, 3, 4].map((i) => ({
      at: `2026-03-01T11:0${i}:00Z`,
      by,
      text: `${i} ${s}`,
    }));
    return [1, 2].map((n) =>
      ticket(n, {
        status: 'assigned',
        reporter: { aadObjectId: `aad-${n}`, name: `${n} ${s}`, upn: s },
        device: s,
        os: s,
        method: s,
        step: s,
        error: { text: `${SSO_ERROR} ${s}` },
        when: s,
        assignee: by,
        notes,
      }),
    );
  }

  function expectSafe(card: RenderedCard): void {
    const content = card.attachment.content;
    expect(validateCard(content)).toEqual([]);
    const json = JSON.stringify(content);
    expect(json).not.toContain('${');
    expect(json).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(Buffer.byteLength(json, 'utf8')).toBeLessThanOrEqual(MAX_CARD_BYTES);
  }

  it.each(cases)('%s: every card binds, validates and stays under 28 KB', (_name, s) => {
    const tickets = hostileTickets(s);
    const values = { step: s, errorText: s, deviceModel: s, osVersion: s, ownership: s, when: s };
    const errors = { step: s, errorText: s, deviceModel: s, osVersion: s, ownership: s, when: s };
    for (const card of [
      form(values, errors),
      filed(tickets[0]!, true),
      alert(tickets),
      list(Array.from({ length: 25 }, () => tickets[0]!)),
    ]) {
      expectSafe(card);
    }
  });

  it('shows Markdown and HTML literally, breaks up ${ and passes {{ through unexpanded', () => {
    const content = alert(hostileTickets(HOSTILE)).attachment.content;
    const shown = shownTexts(content).join('\n');
    expect(shown).toContain(escapeCardText(HOSTILE));
    expect(shown).toContain('$\u200b{evil}');
    expect(shown).toContain('{{DATE(2026-03-01T09:30:00Z, SHORT)}}');
    for (const raw of ['**b**', '<b>', '[click](', '\n# head', '\n- item']) {
      expect(shown).not.toContain(raw);
    }
    expect(factsOf(content).Who).toBe(escapeCardText(`2 ${HOSTILE}`));
    // Inputs and button titles show text as typed, except a `${` that would read as a binding.
    const formBody = bodyOf(form({ errorText: HOSTILE, deviceModel: HOSTILE }));
    expect(formBody.find((e) => e.id === 'errorText')?.value).toBe(
      HOSTILE.replace('${', '$\u200b{'),
    );
    const links = bodyOf(alert(hostileTickets(HOSTILE))).find((e) => e.type === 'ActionSet');
    const chat = (links?.actions as { type: string; title: string }[]).find(
      (a) => a.type === 'Action.OpenUrl',
    );
    expect(chat?.title).toBe('Chat with 2 $\u200b{evil} {{DATE(2026-03-01T…');
  });

  it('cuts long names, notes and errors and keeps the actions intact', () => {
    const long = 'x'.repeat(10_000);
    const tickets = hostileTickets(long);
    const content = alert(tickets).attachment.content;
    const facts = factsOf(content);
    expect(Array.from(facts.Who!)).toHaveLength(256);
    expect(Array.from(facts.Error!)).toHaveLength(300);
    expect(Array.from(facts.Device!)).toHaveLength(100);
    const notes = textBlocks(content).filter((t) => t.startsWith('**Note** by '));
    expect(notes).toHaveLength(4);
    expect(executeActions(content).map((a) => [a.title, a.verb, a.data])).toEqual(
      [
        ['Assign to me', VERBS.helpdeskAssign],
        ['Unassign', VERBS.helpdeskUnassign],
        ['Reassign', VERBS.helpdeskReassign],
        ['Save note', VERBS.helpdeskNote],
        ['Resolve', VERBS.helpdeskResolve],
      ].map(([title, verb]) => [title, verb, { incidentId: 'INC-7Q2', rev: REV }]),
    );
    const input = bodyOf(form({ errorText: long })).find((e) => e.id === 'errorText');
    expect(Array.from(input?.value as string)).toHaveLength(500);
  });
});
