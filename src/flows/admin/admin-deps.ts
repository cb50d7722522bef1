import type { TurnContext } from 'botbuilder';

import { errorResponse } from '../../actions/card-actions';
import { renderNoticeCard } from '../../cards/knowledge-cards';
import type { GraphError } from '../../graph/errors';
import type { DirectoryService, EnrollmentType, ProfileService } from '../../graph/types';
import { translator } from '../../i18n/catalogue';
import type { Language } from '../../i18n/languages';
import { turnLanguage } from '../../i18n/turn-language';
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

/**
 * The refusal text for a non-admin, or for a failed check. (The `admin` area is English only:
 * another language shows the English text.)
 */
export function refusalText(auth: AdminAuthorization, lang: Language = 'en'): string {
  const t = translator(lang);
  return auth.error
    ? t('admin.refusal.checkFailed', { error: auth.error.adminMessage() })
    : t('admin.refusal.message');
}

/**
 * Sends the refusal card in a chat turn. Whoever asked may be an employee: the Help button is in
 * their language and sends the help command as they would type it.
 */
export async function sendRefusal(ctx: TurnContext, auth: AdminAuthorization): Promise<void> {
  const lang = turnLanguage(ctx).lang;
  const t = translator(lang);
  await sendCard(
    ctx,
    renderNoticeCard(
      {
        title: auth.error ? t('admin.refusal.titleCheckFailed') : t('admin.refusal.title'),
        message: refusalText(auth, lang),
        topics: [],
        footer: t('admin.refusal.footer'),
        buttons: [{ title: t('common.help'), value: t('common.commands.help') }],
        fallbackText: refusalText(auth, lang),
      },
      lang,
    ),
  );
}

/** Invoke response refusing a card action; nothing changes. */
export function refusalResponse(
  auth: AdminAuthorization,
  lang: Language = 'en',
): ReturnType<typeof errorResponse> {
  return errorResponse(
    auth.error ? 500 : 403,
    auth.error ? 'AdminCheckFailed' : 'Forbidden',
    refusalText(auth, lang),
  );
}

/** The wizard's choice of enrollment type; `userChoice` is an options list in Graph. */
export type WizardEnrollmentType =
  'accountDrivenUserEnrollment' | 'webDeviceEnrollment' | 'device' | 'userChoice' | 'user';

/** One line for each enrollment type, in the admin center's words (`admin.types.<type>`). */
export function enrollmentTypeInfo(
  type: WizardEnrollmentType,
  lang: Language = 'en',
): { title: string; explain: string } {
  const t = translator(lang);
  const keys: Record<WizardEnrollmentType, { title: string; explain: string }> = {
    accountDrivenUserEnrollment: {
      title: t('admin.types.accountDrivenUserEnrollment.title'),
      explain: t('admin.types.accountDrivenUserEnrollment.explain'),
    },
    webDeviceEnrollment: {
      title: t('admin.types.webDeviceEnrollment.title'),
      explain: t('admin.types.webDeviceEnrollment.explain'),
    },
    device: {
      title: t('admin.types.device.title'),
      explain: t('admin.types.device.explain'),
    },
    userChoice: {
      title: t('admin.types.userChoice.title'),
      explain: t('admin.types.userChoice.explain'),
    },
    user: {
      title: t('admin.types.user.title'),
      explain: t('admin.types.user.explain'),
    },
  };
  return keys[type];
}

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
