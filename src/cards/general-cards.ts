import fallbackJson from '../../cards/fallback.json';
import helpJson from '../../cards/help.json';
import welcomePersonalJson from '../../cards/welcome-personal.json';
import welcomeTeamJson from '../../cards/welcome-team.json';

import { compileTemplate, toAttachment, type CommandButton, type RenderedCard } from './render';
import { escapeCardText, truncate } from './text';

/** One command row on the help card. */
export interface HelpCommand {
  title: string;
  description: string;
}

/** Data for the help card. */
export interface HelpCardData {
  title: string;
  intro: string;
  commands: HelpCommand[];
  footer: string;
  buttons: CommandButton[];
}

/** Data for the personal-chat welcome card. */
export interface WelcomePersonalCardData {
  greeting: string;
  hint: string;
  buttons: CommandButton[];
}

/** Data for the team welcome card. */
export interface WelcomeTeamCardData {
  greeting: string;
  setupSteps: string;
  hint: string;
  buttons: CommandButton[];
}

/** Data for the "I didn't understand" card. */
export interface FallbackCardData {
  title: string;
  message: string;
  buttons: CommandButton[];
}

const helpTemplate = compileTemplate<HelpCardData>('help', helpJson);
const welcomePersonalTemplate = compileTemplate<WelcomePersonalCardData>(
  'welcome-personal',
  welcomePersonalJson,
);
const welcomeTeamTemplate = compileTemplate<WelcomeTeamCardData>('welcome-team', welcomeTeamJson);
const fallbackTemplate = compileTemplate<FallbackCardData>('fallback', fallbackJson);

/** Renders the help card listing the commands of one conversation scope. */
export function renderHelpCard(data: HelpCardData): RenderedCard {
  return {
    attachment: toAttachment(helpTemplate.bind(data)),
    summary: `${data.title}: ${data.commands.map((c) => c.title).join(', ')}`,
  };
}

/** Renders the welcome card for a personal chat. `userName` is untrusted and escaped here. */
export function renderWelcomePersonalCard(
  userName: string | undefined,
  buttons: CommandButton[],
): RenderedCard {
  const first = userName?.trim().split(/\s+/)[0];
  const greeting = first
    ? `Hi ${escapeCardText(truncate(first, 40))}, I'm the Enrollment Assistant`
    : "Hi, I'm the Enrollment Assistant";
  return {
    attachment: toAttachment(
      welcomePersonalTemplate.bind({
        greeting,
        hint: 'Type **help** at any time to see what you can ask me here.',
        buttons,
      }),
    ),
    summary: 'Welcome to the Enrollment Assistant: enrollment help for iPhone and iPad',
  };
}

/** Renders the welcome card for a team. `teamName` is untrusted and escaped here. */
export function renderWelcomeTeamCard(
  teamName: string | undefined,
  buttons: CommandButton[],
): RenderedCard {
  const name = teamName?.trim();
  const greeting = name
    ? `Thanks for adding me to ${escapeCardText(truncate(name, 60))}`
    : 'Thanks for adding me to this team';
  return {
    attachment: toAttachment(
      welcomeTeamTemplate.bind({
        greeting,
        setupSteps:
          '1. Open the channel where the helpdesk should get enrollment failure alerts.\n' +
          '2. An Intune admin mentions me there and types **set helpdesk channel**.\n' +
          '3. New reports then arrive in that channel; only members of this team can act on them.',
        hint: 'Mention me with **help** to see the commands for this team.',
        buttons,
      }),
    ),
    summary: 'The Enrollment Assistant was added: how to make a channel the helpdesk channel',
  };
}

/** Renders the friendly fallback for messages the bot did not understand. */
export function renderFallbackCard(data: FallbackCardData): RenderedCard {
  return {
    attachment: toAttachment(fallbackTemplate.bind(data)),
    summary: data.title,
  };
}
