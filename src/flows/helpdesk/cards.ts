import { randomUUID } from 'node:crypto';

/**
 * Helpdesk cards, built in code because their shape depends on the data (field errors beside the
 * inputs, self-fix steps only when the employee can fix it). Every untrusted string (what the
 * employee typed, names, error texts) goes through escapeCardText.
 */
import { ADAPTIVE_CARD_CONTENT_TYPE, type RenderedCard } from '../../cards/render';
import { escapeCardText, truncate } from '../../cards/text';
import { VERBS } from '../../cards/verbs';
import {
  ENROLLMENT_STEP_LABELS,
  ENROLLMENT_STEPS,
  type EnrollmentStep,
  type FieldErrors,
  type Incident,
  type Ticket,
} from '../../helpdesk';

/** Values shown in the report form (kept after a failed submit). */
export interface ReportFormValues {
  /** Identifies this form: submitting the same form twice files one ticket. */
  formId?: string;
  step?: string;
  errorText?: string;
  deviceModel?: string;
  osVersion?: string;
  ownership?: string;
  when?: string;
}

function card(body: unknown[], summary: string, actions: unknown[] = []): RenderedCard {
  const content: Record<string, unknown> = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    fallbackText: summary,
    body,
  };
  if (actions.length > 0) content.actions = actions;
  return { attachment: { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content }, summary };
}

function text(value: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'TextBlock', text: value, wrap: true, ...extra };
}

function fieldError(errors: FieldErrors, field: string): Record<string, unknown>[] {
  const message = errors[field];
  return message
    ? [text(escapeCardText(message), { color: 'Attention', size: 'Small', spacing: 'None' })]
    : [];
}

function clip(value: string | undefined, max: number): string {
  return value === undefined ? '' : truncate(value, max);
}

/** The report form's step for a guide step's text ("Tap **Allow Remote Management**" …). */
export function enrollmentStepOf(stepText: string): EnrollmentStep | undefined {
  const t = stepText.toLowerCase();
  if (/remote management/.test(t)) return 'allow-remote-management';
  if (/authenticator/.test(t)) return 'authenticator';
  if (/company portal/.test(t)) return 'company-portal';
  if (/icloud|apple id|managed apple/.test(t)) return 'icloud';
  if (/verification|mfa|approve|code/.test(t)) return 'mfa';
  if (/sign in|sign-in|vpn & device management|work account/.test(t)) return 'sign-in';
  if (/install|profile|configur/.test(t)) return 'installing';
  return undefined;
}

/** The "Report an enrollment problem" form, with values kept and errors beside the fields. */
export function renderReportForm(
  values: ReportFormValues = {},
  errors: FieldErrors = {},
): RenderedCard {
  const hasErrors = Object.keys(errors).length > 0;
  const body: unknown[] = [
    text('Report an enrollment problem', { weight: 'Bolder', size: 'Medium' }),
    text(
      'Tell the helpdesk what happened. You get a ticket number at once, and a fix right away when it is one you can do yourself.',
      { isSubtle: true },
    ),
    ...(hasErrors
      ? [text('Please check the fields marked below.', { color: 'Attention', weight: 'Bolder' })]
      : []),
    {
      type: 'Input.ChoiceSet',
      id: 'step',
      label: 'Where did it stop?',
      style: 'compact',
      value: ENROLLMENT_STEPS.includes(values.step as never) ? values.step : '',
      choices: ENROLLMENT_STEPS.map((s) => ({ title: ENROLLMENT_STEP_LABELS[s], value: s })),
    },
    ...fieldError(errors, 'step'),
    {
      type: 'Input.Text',
      id: 'errorText',
      label: 'The message on screen (or "no message")',
      isMultiline: true,
      maxLength: 500,
      value: clip(values.errorText, 500),
    },
    ...fieldError(errors, 'errorText'),
    {
      type: 'Input.Text',
      id: 'deviceModel',
      label: 'Device model (optional, for example iPhone 15)',
      maxLength: 60,
      value: clip(values.deviceModel, 60),
    },
    ...fieldError(errors, 'deviceModel'),
    {
      type: 'Input.Text',
      id: 'osVersion',
      label: 'iOS or iPadOS version (optional, Settings › General › About)',
      maxLength: 40,
      value: clip(values.osVersion, 40),
    },
    ...fieldError(errors, 'osVersion'),
    {
      type: 'Input.ChoiceSet',
      id: 'ownership',
      label: 'Whose device is it?',
      style: 'expanded',
      value: ['personal', 'company', 'unknown'].includes(values.ownership ?? '')
        ? values.ownership
        : 'unknown',
      choices: [
        { title: 'My own device', value: 'personal' },
        { title: 'My organisation’s device', value: 'company' },
        { title: 'Not sure', value: 'unknown' },
      ],
    },
    ...fieldError(errors, 'ownership'),
    {
      type: 'Input.Date',
      id: 'when',
      label: 'When did it happen? (optional)',
      value: /^\d{4}-\d{2}-\d{2}$/.test(values.when ?? '') ? values.when : '',
    },
    ...fieldError(errors, 'when'),
  ];
  return card(body, 'Report an enrollment problem', [
    {
      type: 'Action.Execute',
      title: 'Send to the helpdesk',
      verb: VERBS.helpdeskReportSubmit,
      style: 'positive',
      associatedInputs: 'auto',
      data: { formId: values.formId ?? randomUUID() },
    },
  ]);
}

/** What the employee sees after filing: the ticket number, the diagnosis and any self-fix. */
export function renderReportFiled(ticket: Ticket, helpdeskNotified: boolean): RenderedCard {
  const d = ticket.diagnosis;
  const body: unknown[] = [
    text(`Ticket **${ticket.id}** filed`, { weight: 'Bolder', size: 'Medium' }),
    text(
      helpdeskNotified
        ? 'The helpdesk has been alerted and will keep you posted here.'
        : 'Your report is saved; the helpdesk will pick it up and keep you posted here.',
    ),
    text(d.ruleId === 'unknown' ? 'No known cause matches yet' : `Likely cause: ${d.title}`, {
      weight: 'Bolder',
      spacing: 'Medium',
    }),
    text(escapeCardText(d.cause)),
  ];
  if (d.employeeCanFix) {
    body.push(text('You can fix this yourself:', { weight: 'Bolder', spacing: 'Medium' }));
    d.steps.forEach((s, i) => body.push(text(`${i + 1}. ${escapeCardText(s)}`)));
    body.push(
      text('If it still fails afterwards, reply here and mention your ticket number.', {
        isSubtle: true,
      }),
    );
  } else {
    body.push(
      text(
        d.fixedBy === 'admin'
          ? 'This needs a change by your IT administrators; the helpdesk will arrange it.'
          : 'The helpdesk will look into it.',
        { isSubtle: true },
      ),
    );
  }
  return card(body, `Ticket ${ticket.id} filed: ${truncate(d.title, 80)}`);
}

/** The URL that opens a 1:1 Teams chat with a user. */
export function chatLink(upn: string): string {
  return `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(upn)}`;
}

/** The incident's status as the helpdesk sees it, from its tickets (reopened tickets count). */
export function incidentStatus(tickets: readonly Ticket[]): 'open' | 'assigned' | 'resolved' {
  if (tickets.length > 0 && tickets.every((t) => t.status === 'resolved')) return 'resolved';
  return tickets.some((t) => t.status === 'assigned') ? 'assigned' : 'open';
}

/**
 * The alert card for an incident in the helpdesk channel: the latest report in full, the counter
 * and affected users, and the actions. `rev` identifies the state shown; an action carrying an
 * older `rev` (a stale or replayed card) is refused.
 */
export function renderIncidentAlert(
  incident: Incident,
  tickets: readonly Ticket[],
  rev: string,
): RenderedCard {
  const latest = tickets[tickets.length - 1];
  if (!latest) throw new Error(`incident ${incident.id} has no tickets`);
  const d = latest.diagnosis;
  const who = latest.reporter;
  const status = incidentStatus(tickets);
  const name = escapeCardText(who.name ?? who.upn ?? who.aadObjectId ?? 'Unknown user');
  const assignees = [
    ...new Set(tickets.map((t) => t.assignee?.name).filter((n): n is string => Boolean(n))),
  ];
  const users = [
    ...new Set(
      tickets.map((t) => t.reporter.name ?? t.reporter.upn ?? t.reporter.aadObjectId ?? t.id),
    ),
  ];
  const notes = tickets.flatMap((t) => t.notes).sort((a, b) => (a.at < b.at ? -1 : 1));
  const facts = [
    { title: 'Who', value: name },
    ...(who.upn ? [{ title: 'UPN', value: escapeCardText(who.upn) }] : []),
    { title: 'Device', value: escapeCardText(latest.device ?? 'not given') },
    { title: 'OS', value: escapeCardText(latest.os ?? 'not given') },
    { title: 'Method', value: escapeCardText(latest.method ?? 'not given') },
    { title: 'Ownership', value: latest.ownership ?? 'unknown' },
    {
      title: 'Step',
      value: latest.step
        ? (ENROLLMENT_STEP_LABELS[latest.step as keyof typeof ENROLLMENT_STEP_LABELS] ??
          escapeCardText(latest.step))
        : 'not given',
    },
    {
      title: 'Error',
      value: escapeCardText(truncate(latest.error.text ?? latest.error.code ?? '', 300)),
    },
    { title: 'When', value: latest.when ?? latest.createdAt },
    { title: 'Tickets', value: truncate(tickets.map((t) => t.id).join(', '), 300) },
    {
      title: 'Status',
      value:
        assignees.length > 0 && status !== 'resolved'
          ? `${status} (${escapeCardText(truncate(assignees.join(', '), 100))})`
          : status,
    },
  ];
  const body: unknown[] = [
    text(`${incident.id}: ${escapeCardText(d.title)}`, { weight: 'Bolder', size: 'Medium' }),
    text(
      `${incident.count} report${incident.count === 1 ? '' : 's'} · ${incident.affectedUsers.length} affected user${incident.affectedUsers.length === 1 ? '' : 's'}`,
      { isSubtle: true, spacing: 'None' },
    ),
    ...(users.length > 1
      ? [
          text(`Affected: ${escapeCardText(truncate(users.slice(0, 10).join(', '), 400))}`, {
            size: 'Small',
          }),
        ]
      : []),
    { type: 'FactSet', facts },
    text(`**Diagnosis** (${d.confidence}): ${escapeCardText(d.cause)}`),
    ...d.steps.slice(0, 6).map((s, i) => text(`${i + 1}. ${escapeCardText(s)}`, { size: 'Small' })),
    ...notes
      .slice(-3)
      .map((n) =>
        text(
          `Note by ${escapeCardText(n.by.name ?? 'helpdesk')}: ${escapeCardText(truncate(n.text, 300))}`,
          { size: 'Small', isSubtle: true },
        ),
      ),
  ];
  const data = { incidentId: incident.id, rev };
  const actions: unknown[] = [];
  if (status !== 'resolved') {
    actions.push(
      { type: 'Action.Execute', title: 'Assign to me', verb: VERBS.helpdeskAssign, data },
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
    );
  } else {
    actions.push({ type: 'Action.Execute', title: 'Reopen', verb: VERBS.helpdeskReopen, data });
  }
  if (who.upn) {
    actions.push({
      type: 'Action.OpenUrl',
      title: `Chat with ${truncate(who.name ?? who.upn, 30)}`,
      url: chatLink(who.upn),
    });
  }
  return card(
    body,
    `${incident.id}: ${truncate(d.title, 80)} (${incident.count}, ${status})`,
    actions,
  );
}

/** The open tickets in the channel. */
export function renderTicketList(tickets: readonly Ticket[]): RenderedCard {
  const body: unknown[] = [text('Open enrollment tickets', { weight: 'Bolder', size: 'Medium' })];
  if (tickets.length === 0) body.push(text('No open tickets.'));
  for (const t of tickets.slice(0, 25)) {
    const who = escapeCardText(t.reporter.name ?? t.reporter.upn ?? 'unknown user');
    body.push(
      text(
        `**${t.id}** · ${t.status} · ${who} · ${escapeCardText(truncate(t.diagnosis.title, 80))}`,
      ),
    );
  }
  return card(body, `${tickets.length} open enrollment ticket${tickets.length === 1 ? '' : 's'}`);
}
