import {
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ChannelAccount,
} from 'botbuilder';

import type { CardActionRegistry } from '../actions/card-actions';
import {
  closestCommand,
  matchCommand,
  parseCampaignName,
  type CommandId,
} from '../actions/commands';
import type { AdminCheck } from '../auth/admin-check';
import { checkSetupCommand, type CheckSetupDeps } from '../flows/admin/check-setup';
import {
  parseVerifyDomain,
  serviceDiscoveryCommand,
  verifyDomainCommand,
  type DiscoveryDeps,
} from '../flows/admin/discovery';
import {
  auditCommand,
  listProfilesCommand,
  parseWhichProfile,
  whichProfileCommand,
} from '../flows/admin/profiles';
import { teamAnswersCommand, type TeamAnswersDeps } from '../flows/admin/team-answers';
import { createProfileCommand } from '../flows/admin/wizard';
import { answerQuestion } from '../flows/ask-question';
import {
  campaignExportCommand,
  campaignStatusCommand,
  startCampaignCommand,
  type CampaignDeps,
} from '../flows/campaign';
import { scopeOf } from '../flows/context';
import { sendFallback } from '../flows/fallback';
import { showFeedbackReport } from '../flows/feedback-report';
import { startGuide } from '../flows/guide';
import { showHelp, suggestCommand } from '../flows/help';
import { myCasesCommand } from '../flows/helpdesk/follow-up';
import {
  helpdeskStatusCommand,
  remindAdminsOfUnalerted,
  setHelpdeskChannelCommand,
  showReportFormFor,
  ticketsCommand,
  type HelpdeskDeps,
} from '../flows/helpdesk/helpdesk';
import type { KnowledgeDeps } from '../flows/knowledge-deps';
import { languageCommand } from '../flows/language';
import { showReportInstructions } from '../flows/report-problem';
import { forgetWelcome, welcomeOnce } from '../flows/welcome';
import { decideLanguage, setTurnLanguage, tr } from '../i18n/turn-language';
import type { Logger } from '../logging';
import type { ConversationStore } from '../storage/conversation-store';
import type { LanguagePreference, LanguagePreferences } from '../storage/language-preferences';
import type { StateStorage } from '../storage/state-storage';

import { handleCardAction } from './card-actions';

/** What the bot needs from the composition root. */
export interface TeamsBotDeps {
  logger: Logger;
  storage: StateStorage;
  conversations: ConversationStore;
  cardActions: CardActionRegistry;
  knowledge: KnowledgeDeps;
  isAdmin: AdminCheck;
  admin: DiscoveryDeps & CheckSetupDeps & TeamAnswersDeps;
  /** The helpdesk (report form, channel, tickets); without it `report` shows instructions. */
  helpdesk?: HelpdeskDeps;
  /** Enrollment campaigns; without them the campaign commands say they are not set up. */
  campaigns?: CampaignDeps;
  /** Each person's language; without it every turn follows the message and the Teams locale. */
  languages?: LanguagePreferences;
}

type CommandFlow = (ctx: TurnContext, deps: TeamsBotDeps, text: string) => Promise<void>;

/** Command id → flow. Adding a command means adding it to COMMANDS and here. */
const COMMAND_FLOWS: Record<CommandId, CommandFlow> = {
  help: (ctx, deps) => showHelp(ctx, deps.isAdmin),
  feedbackReport: (ctx, deps) =>
    showFeedbackReport(ctx, { ...deps.knowledge, isAdmin: deps.isAdmin }),
  enroll: (ctx, deps, text) => startGuide(ctx, deps.knowledge, text),
  report: (ctx, deps) =>
    deps.helpdesk ? showReportFormFor(ctx, deps.helpdesk) : showReportInstructions(ctx),
  createProfile: (ctx, deps) => createProfileCommand(ctx, deps.admin),
  profiles: (ctx, deps) => listProfilesCommand(ctx, deps.admin),
  whichProfile: (ctx, deps, text) =>
    whichProfileCommand(ctx, deps.admin, parseWhichProfile(text) ?? ''),
  audit: (ctx, deps) => auditCommand(ctx, deps.admin),
  teamAnswers: (ctx, deps) => teamAnswersCommand(ctx, deps.admin),
  startCampaign: (ctx, deps) => withCampaigns(ctx, deps, (c, d) => startCampaignCommand(c, d)),
  campaignStatus: (ctx, deps, text) =>
    withCampaigns(ctx, deps, (c, d) => campaignStatusCommand(c, d, parseCampaignName(text))),
  campaignExport: (ctx, deps, text) =>
    withCampaigns(ctx, deps, (c, d) => campaignExportCommand(c, d, parseCampaignName(text))),
  serviceDiscovery: (ctx, deps) => serviceDiscoveryCommand(ctx, deps.admin),
  verifyDomain: (ctx, deps, text) => verifyDomainCommand(ctx, deps.admin, parseVerifyDomain(text)),
  checkSetup: (ctx, deps) => checkSetupCommand(ctx, deps.admin),
  setHelpdeskChannel: (ctx, deps) => withHelpdesk(ctx, deps, setHelpdeskChannelCommand),
  helpdeskStatus: (ctx, deps) => withHelpdesk(ctx, deps, helpdeskStatusCommand),
  tickets: (ctx, deps) => withHelpdesk(ctx, deps, ticketsCommand),
  language: (ctx, deps, text) => languageCommand(ctx, deps.knowledge, text),
  myTickets: (ctx, deps, text) =>
    withHelpdesk(ctx, deps, (c, helpdesk) => myCasesCommand(c, helpdesk, text)),
};

/** Runs a campaign command, or says campaigns are not set up in this deployment. */
async function withCampaigns(
  ctx: TurnContext,
  deps: TeamsBotDeps,
  flow: (ctx: TurnContext, campaigns: CampaignDeps) => Promise<void>,
): Promise<void> {
  if (!deps.campaigns) {
    await ctx.sendActivity(tr(ctx)('errors.campaignsOff'));
    return;
  }
  await flow(ctx, deps.campaigns);
}

/** Runs a helpdesk command, or says the helpdesk is not set up in this deployment. */
async function withHelpdesk(
  ctx: TurnContext,
  deps: TeamsBotDeps,
  flow: (ctx: TurnContext, helpdesk: HelpdeskDeps) => Promise<void>,
): Promise<void> {
  if (!deps.helpdesk) {
    await ctx.sendActivity(tr(ctx)('errors.helpdeskOff'));
    return;
  }
  await flow(ctx, deps.helpdesk);
}

/** Longest message the bot reads; longer text is treated as not understood, never processed. */
export const MAX_MESSAGE_CHARS = 4000;

/**
 * Routes Teams activities to flows and does nothing else: it strips the @mention, matches the
 * command for the conversation's scope, and hands the turn to the flow.
 */
export class TeamsBot extends TeamsActivityHandler {
  public constructor(private readonly deps: TeamsBotDeps) {
    super();

    this.onTurn(async (ctx, next) => {
      await this.rememberConversation(ctx);
      await this.decideLanguage(ctx);
      await next();
    });

    this.onMessage(async (ctx, next) => {
      await this.routeMessage(ctx);
      await next();
    });

    this.onInstallationUpdateAdd(async (ctx, next) => {
      await welcomeOnce(ctx, this.deps);
      await next();
    });

    this.onInstallationUpdateRemove(async (ctx, next) => {
      await forgetWelcome(ctx, this.deps);
      await next();
    });
  }

  protected override async onTeamsMembersAdded(ctx: TurnContext): Promise<void> {
    // Teams announces an install with installationUpdate and, in most scopes, also with
    // membersAdded naming the bot; welcomeOnce greets on whichever arrives first.
    const botAdded = (ctx.activity.membersAdded ?? []).some(
      (m: ChannelAccount) => m.id === ctx.activity.recipient?.id,
    );
    if (botAdded) {
      await welcomeOnce(ctx, this.deps);
    }
    await super.onTeamsMembersAdded(ctx);
  }

  protected override async onAdaptiveCardInvoke(
    ctx: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    return handleCardAction(ctx, value, this.deps.cardActions, this.deps.logger);
  }

  private async routeMessage(ctx: TurnContext): Promise<void> {
    const raw = ctx.activity.text ?? '';
    if (raw.length === 0 && ctx.activity.value !== undefined) {
      // An Action.Submit from a card with no handler: older cards or crafted payloads.
      await sendFallback(ctx, 'unsupported-submit');
      return;
    }
    const text = stripMentions(ctx);
    if (text.length === 0) {
      await sendFallback(ctx, 'empty');
      return;
    }
    if (text.length > MAX_MESSAGE_CHARS) {
      await sendFallback(ctx, 'too-long');
      return;
    }
    if (this.deps.helpdesk) {
      await remindAdminsOfUnalerted(ctx, this.deps.helpdesk);
    }
    // Answers the IT team published or withdrew on any instance count from this message on.
    await this.deps.knowledge.refresh?.();
    // Typed commands tolerate typos: "hlep", "creat profile", "profles".
    const command =
      matchCommand(text, scopeOf(ctx)) ??
      matchCommand(this.deps.knowledge.kb.correct(text).text, scopeOf(ctx));
    if (command) {
      await COMMAND_FLOWS[command.id](ctx, this.deps, text);
      return;
    }
    // A short message one or two letters off a command: "Did you mean …?" (admin commands only
    // to admins, as on the help card).
    const near = closestCommand(text, scopeOf(ctx));
    if (near && (!near.adminOnly || (await this.deps.isAdmin(ctx.activity.from?.aadObjectId)))) {
      await suggestCommand(ctx, near);
      return;
    }
    await answerQuestion(ctx, this.deps.knowledge, text);
  }

  /**
   * Decides the language of this turn (src/i18n/turn-language.ts) before any flow runs, and
   * remembers the language the person clearly wrote in, so the cards they click later follow it.
   */
  private async decideLanguage(ctx: TurnContext): Promise<void> {
    const userId = ctx.activity.from?.aadObjectId;
    const store = this.deps.languages;
    let preference: LanguagePreference = {};
    if (userId && store) {
      try {
        preference = await store.get(userId);
      } catch (err) {
        this.deps.logger.warn({ err }, 'could not read the language preference');
      }
    }
    const text =
      ctx.activity.type === 'message' && typeof ctx.activity.text === 'string'
        ? stripMentions(ctx).slice(0, MAX_MESSAGE_CHARS)
        : '';
    const language = decideLanguage(preference, text, ctx.activity);
    setTurnLanguage(ctx, language);
    if (userId && store && language.detected && language.detected !== preference.written) {
      try {
        await store.wrote(userId, language.detected, preference);
      } catch (err) {
        this.deps.logger.warn({ err }, 'could not store the language written in');
      }
    }
  }

  private async rememberConversation(ctx: TurnContext): Promise<void> {
    const reference = TurnContext.getConversationReference(ctx.activity);
    if (!reference.conversation?.id || !reference.serviceUrl) {
      return;
    }
    try {
      await this.deps.conversations.remember({
        ...reference,
        conversation: reference.conversation,
      });
    } catch (err) {
      // Not fatal for this turn: the next turn tries again.
      this.deps.logger.warn(
        { err, conversationId: reference.conversation.id },
        'could not store conversation reference',
      );
    }
  }
}

/** Message text without @mentions of the bot (Teams channels prefix them) and stray <at> tags. */
export function stripMentions(ctx: TurnContext): string {
  const withoutBot = TurnContext.removeRecipientMention(ctx.activity) ?? ctx.activity.text ?? '';
  return withoutBot
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
