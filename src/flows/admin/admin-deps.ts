import type { TurnContext } from 'botbuilder';

import { errorResponse } from '../../actions/card-actions';
import { renderNoticeCard } from '../../cards/knowledge-cards';
import type { GraphError } from '../../graph/errors';
import type { DirectoryService, EnrollmentType, ProfileService } from '../../graph/types';
import type { Logger } from '../../logging';
import type { AuditActor, AuditLog } from '../../storage/audit-log';
import type { StateStorage } from '../../storage/state-storage';
import { sendCard } from '../context';

/** The answer to "may this person administer?", with the Graph error when the check failed. */
export interface AdminAuthorization {
  admin: boolean;
  error?: GraphError;
}

/** How fresh an admin check must be. */
export interface AuthorizeOptions {
  /**
   * Ask the directory now instead of reusing a recent answer. Every card action that changes
   * something sets it, so an admin removed from the role cannot make one more change; reads may
   * use an answer up to the cache's age (60 s).
   */
  fresh?: boolean;
}

/** Checks the acting user (object id from the authenticated activity) on every turn and action. */
export type AdminAuthorizer = (
  aadObjectId: string | undefined,
  options?: AuthorizeOptions,
) => Promise<AdminAuthorization>;

/** Dependencies of the admin flows. */
export interface AdminDeps {
  profiles: ProfileService;
  directory: DirectoryService;
  storage: StateStorage;
  audit: AuditLog;
  logger: Logger;
  authorize: AdminAuthorizer;
  /** True when Graph is the local sandbox: every card says so. */
  sandbox: boolean;
  sandboxNotice: string;
  now?: () => Date;
}

/** The banner fields every admin card carries. */
export function banner(deps: AdminDeps): { sandbox: boolean; sandboxNotice: string } {
  return { sandbox: deps.sandbox, sandboxNotice: deps.sandboxNotice };
}

/** The acting user, from the authenticated activity (never from card data). */
export function actorOf(ctx: TurnContext): AuditActor {
  return {
    aadObjectId: ctx.activity.from?.aadObjectId ?? ctx.activity.from?.id ?? 'unknown',
    name: ctx.activity.from?.name ?? 'unknown',
  };
}

const REFUSAL =
  'Managing enrollment profiles is limited to Intune Administrators and Global Administrators' +
  ' (and members of the admin group your organisation configured). If you need access, ask your' +
  ' Intune administrator or IT team to grant you the Intune Administrator role.';

/** The refusal text for a non-admin, or for a failed check. */
export function refusalText(auth: AdminAuthorization): string {
  return auth.error
    ? `I could not check your admin role, so I can't continue. ${auth.error.adminMessage()}`
    : REFUSAL;
}

/** Sends the refusal card in a chat turn. */
export async function sendRefusal(ctx: TurnContext, auth: AdminAuthorization): Promise<void> {
  await sendCard(
    ctx,
    renderNoticeCard({
      title: auth.error ? 'I could not check your permissions' : 'This is for Intune admins',
      message: refusalText(auth),
      topics: [],
      footer: 'Employees: ask me anything about enrolling your own iPhone or iPad.',
      buttons: [{ title: 'Help', value: 'help' }],
      fallbackText: refusalText(auth),
    }),
  );
}

/** Invoke response refusing a card action; nothing changes. */
export function refusalResponse(auth: AdminAuthorization): ReturnType<typeof errorResponse> {
  return errorResponse(
    auth.error ? 500 : 403,
    auth.error ? 'AdminCheckFailed' : 'Forbidden',
    refusalText(auth),
  );
}

/** The wizard's choice of enrollment type; `userChoice` is an options list in Graph. */
export type WizardEnrollmentType =
  'accountDrivenUserEnrollment' | 'webDeviceEnrollment' | 'device' | 'userChoice' | 'user';

/** One line for each enrollment type, in the admin center's words. */
export const ENROLLMENT_TYPE_INFO: Record<
  WizardEnrollmentType,
  { title: string; explain: string }
> = {
  accountDrivenUserEnrollment: {
    title: 'Account driven user enrollment (recommended)',
    explain:
      'Employees sign in to their work account in the Settings app; work data stays on a separate volume. Intune supports iOS/iPadOS 17 and later.',
  },
  webDeviceEnrollment: {
    title: 'Web based device enrollment',
    explain:
      'The whole device is managed, enrolled from a web page without the Company Portal app. Intune supports iOS/iPadOS 17 and later.',
  },
  device: {
    title: 'Device enrollment with Company Portal',
    explain: 'The whole device is managed, enrolled through the Company Portal app.',
  },
  userChoice: {
    title: 'Determine based on user choice',
    explain:
      'Employees choose: "I own this device" leads to account-driven user enrollment, "(Company) owns this device" to device enrollment.',
  },
  user: {
    title: 'User enrollment with Company Portal (legacy)',
    explain:
      'No longer available for new enrollments since September 2024. Existing profiles of this type keep working and can still be edited.',
  },
};

/** The wizard's type for a Graph profile. */
export function wizardTypeOf(p: {
  defaultEnrollmentType: EnrollmentType;
  availableEnrollmentTypeOptions: unknown[];
}): WizardEnrollmentType {
  if (p.availableEnrollmentTypeOptions.length > 0) return 'userChoice';
  switch (p.defaultEnrollmentType) {
    case 'accountDrivenUserEnrollment':
    case 'webDeviceEnrollment':
    case 'device':
    case 'user':
      return p.defaultEnrollmentType;
    default:
      return 'device';
  }
}
