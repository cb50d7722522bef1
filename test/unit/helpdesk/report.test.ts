import { planIncidentAlert } from '../../../src/helpdesk/alerts';
import {
  draftFromEmployeeReport,
  draftFromWebhookReport,
  fileReport,
  IncidentGrouper,
  parseEmployeeReport,
  parseWebhookReport,
  type TicketDraft,
  TicketStore,
} from '../../../src/helpdesk/report';
import { SqliteStorage } from '../../../src/storage/sqlite-storage';

const AGENT = { aadObjectId: 'agent-1', name: 'Alex Wilber' };

function webhookDraft(user: string, errorCode: string): TicketDraft {
  const parsed = parseWebhookReport({
    user,
    device: 'iPhone 13',
    osVersion: '17.4',
    enrollmentType: 'appleAccountDrivenUserEnrollment',
    errorCode,
    time: '2025-03-01T09:00:00Z',
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));
  return draftFromWebhookReport(parsed.value);
}

describe('employee report form', () => {
  it('accepts a complete form and treats blank optional fields as not given', () => {
    const r = parseEmployeeReport({
      step: 'sign-in',
      errorText: '  The Enrollment SSO application has been installed  ',
      deviceModel: '',
      osVersion: '17.4.1',
      ownership: '',
      when: '2025-03-01',
    });
    expect(r).toEqual({
      ok: true,
      value: {
        step: 'sign-in',
        errorText: 'The Enrollment SSO application has been installed',
        osVersion: '17.4.1',
        ownership: 'unknown',
        when: '2025-03-01',
      },
    });
  });

  it('gives one friendly message per wrong field', () => {
    const r = parseEmployeeReport({
      step: 'teleport',
      errorText: 'x'.repeat(501),
      osVersion: 'the newest',
      deviceModel: 'y'.repeat(61),
      when: 'last tuesday-ish',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.fieldErrors).toEqual({
      step: 'Choose the step where enrollment stopped.',
      errorText: 'The message is too long: keep it under 500 characters.',
      osVersion: expect.stringContaining('should look like "17.4.1"'),
      deviceModel: 'The device model is too long: keep it under 60 characters.',
      when: 'Pick the date (and time) when it happened.',
    });
  });

  it('builds a diagnosed ticket draft with the reporter from the activity', () => {
    const r = parseEmployeeReport({
      step: 'sign-in',
      errorText: 'The Enrollment SSO application has been installed',
    });
    if (!r.ok) throw new Error('invalid');
    const draft = draftFromEmployeeReport(r.value, {
      aadObjectId: 'u-1',
      upn: 'megan@contoso.com',
      name: 'Megan Bowen',
    });
    expect(draft).toMatchObject({
      source: 'employee',
      reporter: { aadObjectId: 'u-1', upn: 'megan@contoso.com' },
      causeKey: 'cause:sso-app-installed',
      diagnosis: { ruleId: 'sso-app-installed', employeeCanFix: true },
    });
  });
});

describe('webhook report', () => {
  it('knows the user by UPN or by object id', () => {
    expect(webhookDraft('megan@contoso.com', 'DeviceCapReached').reporter).toEqual({
      upn: 'megan@contoso.com',
    });
    expect(
      webhookDraft('2f1c3b4a-1111-4222-8333-444455556666', 'DeviceCapReached').reporter,
    ).toEqual({ aadObjectId: '2f1c3b4a-1111-4222-8333-444455556666' });
  });
});

describe('TicketStore', () => {
  let storage: SqliteStorage;
  let tickets: TicketStore;

  beforeEach(() => {
    storage = new SqliteStorage(':memory:');
    tickets = new TicketStore(storage);
  });
  afterEach(() => storage.close());

  it('creates tickets with case numbers (ENR-XXXX-XXXX) and lists them as open until resolved', async () => {
    const { ticket, created } = await tickets.create(webhookDraft('a@contoso.com', 'X1'));
    expect(created).toBe(true);
    expect(ticket.id).toMatch(/^ENR-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
    expect(ticket.status).toBe('open');
    expect((await tickets.listOpen()).map((t) => t.id)).toEqual([ticket.id]);

    const assigned = await tickets.assign(ticket.id, AGENT, AGENT);
    expect(assigned).toMatchObject({ status: 'assigned', assignee: AGENT });
    expect((await tickets.listOpen()).map((t) => t.id)).toEqual([ticket.id]);

    await tickets.addNote(ticket.id, AGENT, 'Asked for a screenshot');
    const resolved = await tickets.resolve(ticket.id, AGENT, 'removed old devices');
    expect(resolved.status).toBe('resolved');
    expect(resolved.notes).toEqual([
      { at: expect.any(String), by: AGENT, text: 'Asked for a screenshot' },
    ]);
    expect(resolved.history.map((h) => h.action)).toEqual([
      'created',
      'assigned',
      'note',
      'resolved',
    ]);
    expect(await tickets.listOpen()).toEqual([]);
  });

  it('returns the same ticket for the same idempotency key', async () => {
    const draft = webhookDraft('a@contoso.com', 'X1');
    const first = await tickets.create(draft, { idempotencyKey: 'evt-1' });
    const again = await tickets.create(draft, { idempotencyKey: 'evt-1' });
    expect(again).toEqual({ ticket: first.ticket, created: false });
    expect(await tickets.listOpen()).toHaveLength(1);
  });

  it('keeps every concurrent change (optimistic concurrency retries)', async () => {
    const { ticket } = await tickets.create(webhookDraft('a@contoso.com', 'X1'));
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => tickets.addNote(ticket.id, AGENT, `note ${i}`)),
    );
    const after = await tickets.get(ticket.id);
    expect(after?.notes.map((n) => n.text).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `note ${i}`).sort(),
    );
  });

  it('indexes concurrent creates without losing any', async () => {
    await Promise.all(
      Array.from({ length: 15 }, (_, i) => tickets.create(webhookDraft(`u${i}@c.com`, 'X1'))),
    );
    expect(await tickets.listOpen()).toHaveLength(15);
  });

  it('spreads the open index over small shards, so no document grows with every report', async () => {
    await Promise.all(
      Array.from({ length: 64 }, (_, i) => tickets.create(webhookDraft(`s${i}@c.com`, 'X1'))),
    );
    expect(await tickets.listOpen()).toHaveLength(64);
    const keys = Array.from({ length: 16 }, (_, i) => `helpdesk/open-tickets/${i.toString(16)}`);
    const shards = Object.values(await storage.read(keys)) as { ids: string[] }[];
    expect(shards.length).toBeGreaterThan(8);
    expect(Math.max(...shards.map((d) => d.ids.length))).toBeLessThan(20);
  });

  it('still lists and un-lists tickets from the older single index', async () => {
    const { ticket } = await tickets.create(webhookDraft('old@contoso.com', 'X1'));
    // A ticket indexed by an earlier version, in the single document only.
    const keys = Array.from({ length: 16 }, (_, i) => `helpdesk/open-tickets/${i.toString(16)}`);
    await storage.delete(keys);
    await storage.write({ 'helpdesk/open-tickets': { ids: [ticket.id] } });
    expect((await tickets.listOpen()).map((t) => t.id)).toEqual([ticket.id]);
    await tickets.resolve(ticket.id, AGENT);
    const legacy = (await storage.read(['helpdesk/open-tickets']))['helpdesk/open-tickets'] as {
      ids: string[];
    };
    expect(legacy.ids).toEqual([]);
    expect(await tickets.listOpen()).toEqual([]);
  });

  it('reports an unknown ticket as not found', async () => {
    await expect(tickets.resolve('ENR-NOPE000000', AGENT)).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('IncidentGrouper', () => {
  let storage: SqliteStorage;
  let tickets: TicketStore;
  let clock: number;
  let grouper: IncidentGrouper;

  beforeEach(() => {
    storage = new SqliteStorage(':memory:');
    clock = Date.parse('2025-03-01T09:00:00Z');
    const now = () => new Date(clock);
    tickets = new TicketStore(storage, { now });
    grouper = new IncidentGrouper(storage, tickets, { now, windowMs: 30 * 60 * 1000 });
  });
  afterEach(() => storage.close());

  it('puts reports of one cause inside the window into one incident', async () => {
    const deps = { tickets, grouper };
    const a = await fileReport(deps, webhookDraft('a@contoso.com', 'NoEnrollmentPolicy'));
    clock += 10 * 60 * 1000;
    const b = await fileReport(deps, webhookDraft('b@contoso.com', 'APNSCertificateNotValid'));
    clock += 10 * 60 * 1000;
    const c = await fileReport(deps, webhookDraft('a@contoso.com', 'AccountNotOnboarded'));
    expect([a.isNewIncident, b.isNewIncident, c.isNewIncident]).toEqual([true, false, false]);
    expect(c.incident).toMatchObject({
      id: a.incident.id,
      causeKey: 'cause:push-certificate',
      count: 3,
      affectedUsers: ['a@contoso.com', 'b@contoso.com'],
      status: 'open',
    });
    expect(c.ticket.incidentId).toBe(a.incident.id);
    expect(c.ticket.history.map((h) => h.action)).toEqual(['created', 'grouped']);
  });

  it('opens a new incident after the window, and for another cause', async () => {
    const deps = { tickets, grouper };
    const a = await fileReport(deps, webhookDraft('a@contoso.com', 'DeviceCapReached'));
    const other = await fileReport(deps, webhookDraft('b@contoso.com', 'UserLicenseTypeInvalid'));
    clock += 31 * 60 * 1000;
    const late = await fileReport(deps, webhookDraft('c@contoso.com', 'DeviceCapReached'));
    expect(other.incident.id).not.toBe(a.incident.id);
    expect(late.isNewIncident).toBe(true);
    expect(late.incident.id).not.toBe(a.incident.id);
    expect((await grouper.listOpen()).map((i) => i.id)).toEqual([
      a.incident.id,
      other.incident.id,
      late.incident.id,
    ]);
  });

  it('resolves every affected ticket when the incident is resolved, and starts afresh after', async () => {
    const deps = { tickets, grouper };
    const filed = [];
    for (const user of ['a', 'b', 'c']) {
      filed.push(await fileReport(deps, webhookDraft(`${user}@contoso.com`, 'DeviceCapReached')));
    }
    const incidentId = filed[0]!.incident.id;
    await tickets.resolve(filed[1]!.ticket.id, AGENT, 'fixed by hand');
    const result = await grouper.resolve(incidentId, AGENT, 'limit raised');
    expect(result.incident.status).toBe('resolved');
    expect(result.tickets.map((t) => t.status)).toEqual(['resolved', 'resolved', 'resolved']);
    expect(result.newlyResolved.sort()).toEqual([filed[0]!.ticket.id, filed[2]!.ticket.id].sort());
    expect(await tickets.listOpen()).toEqual([]);
    expect(await grouper.listOpen()).toEqual([]);

    const next = await fileReport(deps, webhookDraft('d@contoso.com', 'DeviceCapReached'));
    expect(next.isNewIncident).toBe(true);
    expect(next.incident.id).not.toBe(incidentId);
  });

  it('opens exactly one incident when reports of one cause arrive at the same time', async () => {
    const deps = { tickets, grouper };
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        fileReport(deps, webhookDraft(`u${i}@contoso.com`, 'DeviceCapReached')),
      ),
    );
    const ids = new Set(results.map((r) => r.incident.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.isNewIncident)).toHaveLength(1);
    const incident = await grouper.get([...ids][0]!);
    expect(incident?.count).toBe(10);
    expect(incident?.affectedUsers).toHaveLength(10);
  });

  it('plans a post for a new incident and versioned updates of the same card after', async () => {
    const deps = { tickets, grouper };
    const conversation = { serviceUrl: 'https://smba.example/', conversationId: '19:alerts' };
    const first = await fileReport(deps, webhookDraft('a@contoso.com', 'DeviceCapReached'));
    const second = await fileReport(deps, webhookDraft('b@contoso.com', 'DeviceCapReached'));
    const activity = { type: 'message', text: 'card' };
    const postId = `incident-alert/${first.incident.id}`;
    expect(
      planIncidentAlert({ incident: first.incident, isNew: true, conversation, activity }),
    ).toEqual([{ id: postId, kind: 'post', conversation, activity }]);
    expect(
      planIncidentAlert({ incident: second.incident, isNew: false, conversation, activity }),
    ).toEqual([
      { id: postId, kind: 'post', conversation, activity },
      { id: `${postId}/v2`, kind: 'update', conversation, activity, targetOutboxId: postId },
    ]);
    const recorded = await grouper.recordAlert(first.incident.id, { activityId: 'act-1' });
    expect(recorded.alertActivityId).toBe('act-1');
  });
});
