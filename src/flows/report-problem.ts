import type { TurnContext } from 'botbuilder';

import { renderNoticeCard } from '../cards/knowledge-cards';

import { sendCard } from './context';

/**
 * What to do when enrollment fails: until reports can be filed from the chat, this tells the
 * employee exactly what the helpdesk needs, so one message to them is enough.
 */
export async function showReportInstructions(ctx: TurnContext): Promise<void> {
  await sendCard(
    ctx,
    renderNoticeCard({
      title: 'Report an enrollment problem',
      message:
        'Contact your IT helpdesk and include:\n\n' +
        '- the step where it failed (for example **Allow Remote Management**)\n' +
        '- the exact message on screen (a screenshot helps)\n' +
        '- your device model and iOS or iPadOS version (**Settings** > **General** > **About**)\n' +
        '- whether the device is your own or your organisation’s\n' +
        '- roughly when it happened',
      topics: [],
      footer:
        'Many errors have a quick fix: describe the message to me and I will check what I know first.',
      buttons: [
        {
          title: 'Sign In Failed error',
          value: 'Sign In Failed: the Enrollment SSO application has been installed',
        },
        {
          title: 'Enrollment failed: common causes',
          value: 'my enrollment failed, what are the common causes',
        },
      ],
      fallbackText:
        'Contact your IT helpdesk with the step where it failed, the exact message, your device model, iOS version, who owns the device and when it happened.',
    }),
  );
}
