import type { TurnContext } from 'botbuilder';

import { renderNoticeCard } from '../cards/knowledge-cards';
import { tr, turnLanguage } from '../i18n/turn-language';

import { sendCard } from './context';

/**
 * What to do when enrollment fails: until reports can be filed from the chat, this tells the
 * employee exactly what the helpdesk needs, so one message to them is enough. In the turn's
 * language; the buttons ask the bot in that language.
 */
export async function showReportInstructions(ctx: TurnContext): Promise<void> {
  const t = tr(ctx);
  await sendCard(
    ctx,
    renderNoticeCard(
      {
        title: t('report.instructions.title'),
        message: t('report.instructions.message'),
        topics: [],
        footer: t('report.instructions.footer'),
        buttons: [
          {
            title: t('report.instructions.ssoButton'),
            value: t('report.instructions.ssoQuestion'),
          },
          {
            title: t('report.instructions.commonButton'),
            value: t('report.instructions.commonQuestion'),
          },
        ],
        fallbackText: t('report.instructions.fallback'),
      },
      turnLanguage(ctx).lang,
    ),
  );
}
