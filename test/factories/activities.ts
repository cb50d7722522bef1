import type { Activity } from 'botbuilder';

/** Ids used by the factories; tests compare against them. */
export const TENANT_ID = '11111111-2222-3333-4444-555555555555';
export const BOT_ID = '28:bot-app-id';
export const USER = {
  id: '29:employee-mri',
  name: 'Megan Bowen',
  aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000001',
};
export const PERSONAL_CONVERSATION_ID = 'a:personal-conversation-1';
export const CHANNEL_CONVERSATION_ID = '19:helpdesk-channel@thread.tacv2';
/** The Microsoft 365 group id of the team (`channelData.team.aadGroupId`). */
export const TEAM_GROUP_ID = 'cccccccc-0000-4000-8000-000000000010';

/** Conversation shapes for the three Teams scopes. */
/** The report form as an employee fills it for the Enrollment SSO message (a known cause). */
export const SSO_REPORT_FORM = {
  step: 'sign-in',
  errorText: 'Sign In Failed: the Enrollment SSO application has been installed',
  deviceModel: 'iPhone 15',
  osVersion: '17.4.1',
  ownership: 'personal',
  when: '',
};

/** A report of an error no diagnosis rule knows: the bot has no answer for it. */
export const UNKNOWN_ERROR_REPORT_FORM = {
  step: 'installing',
  errorText: 'Device attestation failed (0x8010)',
  deviceModel: 'iPad Air',
  osVersion: '27.1',
  ownership: 'personal',
  when: '',
};

/** The "Propose an answer" form filled in for {@link UNKNOWN_ERROR_REPORT_FORM}'s case. */
export const TEAM_ANSWER_PROPOSAL = {
  answerTitle: 'Device attestation failed while enrolling',
  answerQuestion:
    'Why does enrollment say device attestation failed?\nattestation failed on my iPad',
  answerSymptom: UNKNOWN_ERROR_REPORT_FORM.errorText,
  answerCause:
    'The device could not prove to Apple that it is genuine, usually because its date and time are wrong.',
  answerSteps:
    '1. Open Settings › General › Date & Time and turn on Set Automatically.\n2. Start enrollment again.',
};

export type ScopeName = 'personal' | 'team' | 'groupChat';

function conversationFor(scope: ScopeName): Activity['conversation'] {
  switch (scope) {
    case 'team':
      return {
        id: CHANNEL_CONVERSATION_ID,
        conversationType: 'channel',
        tenantId: TENANT_ID,
        isGroup: true,
        name: 'Helpdesk',
      };
    case 'groupChat':
      return {
        id: '19:group-chat@thread.v2',
        conversationType: 'groupChat',
        tenantId: TENANT_ID,
        isGroup: true,
        name: '',
      };
    default:
      return {
        id: PERSONAL_CONVERSATION_ID,
        conversationType: 'personal',
        tenantId: TENANT_ID,
        isGroup: false,
        name: '',
      };
  }
}

let counter = 0;

/** Options shared by the factories. */
export interface ActivityOptions {
  scope?: ScopeName;
  serviceUrl?: string;
  from?: Partial<typeof USER>;
  overrides?: Partial<Activity>;
}

function base(opts: ActivityOptions): Partial<Activity> {
  counter += 1;
  const scope = opts.scope ?? 'personal';
  return {
    id: `activity-${counter}`,
    channelId: 'msteams',
    serviceUrl: opts.serviceUrl ?? 'https://smba.trafficmanager.net/teams/',
    timestamp: new Date(),
    locale: 'en-US',
    from: { ...USER, ...opts.from },
    recipient: { id: BOT_ID, name: 'Enrollment Assistant' },
    conversation: conversationFor(scope),
    channelData:
      scope === 'team'
        ? {
            tenant: { id: TENANT_ID },
            team: {
              id: '19:team-general@thread.tacv2',
              name: 'IT Helpdesk',
              aadGroupId: TEAM_GROUP_ID,
            },
            channel: { id: CHANNEL_CONVERSATION_ID, name: 'Helpdesk' },
          }
        : { tenant: { id: TENANT_ID } },
  };
}

/** A Teams message as a user sends it. In a team channel the bot mention is prepended. */
export function message(text: string, opts: ActivityOptions = {}): Partial<Activity> {
  const b = base(opts);
  const mentioned = opts.scope === 'team' || opts.scope === 'groupChat';
  return {
    ...b,
    type: 'message',
    text: mentioned ? `<at>Enrollment Assistant</at> ${text}` : text,
    textFormat: 'plain',
    entities: mentioned
      ? [
          {
            type: 'mention',
            text: '<at>Enrollment Assistant</at>',
            mentioned: { id: BOT_ID, name: 'Enrollment Assistant' },
          },
        ]
      : [],
    ...opts.overrides,
  };
}

/** An Action.Submit from a card: a message with `value` and no text. */
export function cardSubmit(value: unknown, opts: ActivityOptions = {}): Partial<Activity> {
  return { ...base(opts), type: 'message', value, ...opts.overrides };
}

/** An Action.Execute (Universal Action) invoke. */
export function cardAction(
  verb: string,
  data: unknown,
  opts: ActivityOptions = {},
): Partial<Activity> {
  return {
    ...base(opts),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', id: 'action-1', verb, data }, trigger: 'manual' },
    ...opts.overrides,
  };
}

/** The installationUpdate Teams sends when the app is added or removed. */
export function installationUpdate(
  action: 'add' | 'remove',
  opts: ActivityOptions = {},
): Partial<Activity> {
  return { ...base(opts), type: 'installationUpdate', action, ...opts.overrides };
}

/** conversationUpdate announcing the bot (and optionally others) joined. */
export function botAdded(opts: ActivityOptions = {}): Partial<Activity> {
  const b = base(opts);
  return {
    ...b,
    type: 'conversationUpdate',
    membersAdded: [{ id: BOT_ID, name: 'Enrollment Assistant' }],
    channelData: { ...(b.channelData as object), eventType: 'teamMemberAdded' },
    ...opts.overrides,
  };
}
