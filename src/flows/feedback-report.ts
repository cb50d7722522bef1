import type { TurnContext } from 'botbuilder';

import type { AdminCheck } from '../auth/admin-check';
import { renderFeedbackReportCard, renderNoticeCard } from '../cards/knowledge-cards';
import { escapeCardText, plainCardText } from '../cards/text';

import { sendCard } from './context';
import type { KnowledgeDeps } from './knowledge-deps';
import {
  FEEDBACK_REASON_LABELS,
  leastHelpful,
  readFeedback,
  readFeedbackReasons,
  type FeedbackReason,
} from './knowledge-feedback';

/**
 * Shows admins the answers employees found least helpful, so content can be improved. Everyone
 * else gets a polite refusal; who is an admin is decided from the authenticated activity.
 */
export async function showFeedbackReport(
  ctx: TurnContext,
  deps: KnowledgeDeps & { isAdmin: AdminCheck },
): Promise<void> {
  if (!(await deps.isAdmin(ctx.activity.from?.aadObjectId))) {
    await sendCard(
      ctx,
      renderNoticeCard({
        title: 'This report is for Intune admins',
        message:
          'Answer feedback is only shown to the people who look after enrollment. If you think you should see it, ask your Intune administrator to add you.',
        topics: [],
        footer: 'Your own questions are always welcome: just ask.',
        buttons: [{ title: 'Help', value: 'help' }],
        fallbackText: 'This report is for Intune admins.',
      }),
    );
    return;
  }
  const articles = deps.kb.all();
  const counts = await readFeedback(
    deps.storage,
    articles.map((a) => a.id),
  );
  const rows = leastHelpful(
    articles.map((a) => ({
      articleId: a.id,
      title: a.title,
      helpful: counts.get(a.id)?.helpful ?? 0,
      notHelpful: counts.get(a.id)?.notHelpful ?? 0,
    })),
  );
  const votes = [...counts.values()].reduce((n, c) => n + c.helpful + c.notHelpful, 0);
  const reasons = await readFeedbackReasons(
    deps.storage,
    rows.map((r) => r.articleId),
  );
  const why = (articleId: string): string => {
    const r = reasons.get(articleId);
    if (!r) return '';
    const counted = (Object.entries(r.counts) as [FeedbackReason, number][])
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([reason, n]) => `${FEEDBACK_REASON_LABELS[reason]} ×${n}`);
    const latest = r.recent[r.recent.length - 1];
    return [
      counted.length > 0 ? ` (${counted.join(', ')})` : '',
      latest ? `. Latest comment: “${escapeCardText(plainCardText(latest.comment, 200))}”` : '',
    ].join('');
  };
  await sendCard(
    ctx,
    renderFeedbackReportCard({
      title: 'Least helpful answers',
      intro:
        rows.length > 0
          ? `Answers with the largest share of "Not helpful" votes (${votes} votes in all).`
          : `No answer has a "Not helpful" vote yet (${votes} votes in all).`,
      rows: rows.map((r) => ({
        label: `👎 ${r.notHelpful} · 👍 ${r.helpful}`,
        title: `${r.title}${why(r.articleId)}`,
      })),
      footer:
        'Only totals, reasons and the comments people chose to write are stored: no names. Articles live in src/knowledge/articles.',
      fallbackText:
        rows
          .map((r) => `${r.title}: ${r.notHelpful} not helpful, ${r.helpful} helpful`)
          .join('\n') || 'No feedback yet.',
    }),
  );
}
