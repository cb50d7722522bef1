import type { TurnContext } from 'botbuilder';

import type { AdminCheck } from '../auth/admin-check';
import { renderFeedbackReportCard, renderNoticeCard } from '../cards/knowledge-cards';
import { escapeCardText, plainCardText } from '../cards/text';
import { translator } from '../i18n/catalogue';
import { turnLanguage } from '../i18n/turn-language';

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
 * else gets a polite refusal; who is an admin is decided from the authenticated activity. The
 * report is for admins (the `admin` area, English only); the refusal's Help button is in the
 * reader's language.
 */
export async function showFeedbackReport(
  ctx: TurnContext,
  deps: KnowledgeDeps & { isAdmin: AdminCheck },
): Promise<void> {
  const lang = turnLanguage(ctx).lang;
  const t = translator(lang);
  if (!(await deps.isAdmin(ctx.activity.from?.aadObjectId))) {
    await sendCard(
      ctx,
      renderNoticeCard(
        {
          title: t('admin.feedback.refusalTitle'),
          message: t('admin.feedback.refusalMessage'),
          topics: [],
          footer: t('admin.feedback.refusalFooter'),
          buttons: [{ title: t('common.help'), value: t('common.commands.help') }],
          fallbackText: t('admin.feedback.refusalFallback'),
        },
        lang,
      ),
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
  /** The row's title with the reasons given and the latest comment, when there are any. */
  const titleOf = (articleId: string, title: string): string => {
    const r = reasons.get(articleId);
    if (!r) return title;
    const counted = (Object.entries(r.counts) as [FeedbackReason, number][])
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([reason, n]) =>
        t('admin.feedback.reasonCount', { reason: FEEDBACK_REASON_LABELS[reason], n }),
      );
    const latest = r.recent[r.recent.length - 1];
    const comment = latest ? escapeCardText(plainCardText(latest.comment, 200)) : undefined;
    const values = { title, reasons: counted.join(', '), comment };
    if (counted.length > 0) {
      return comment !== undefined
        ? t('admin.feedback.rowReasonsComment', values)
        : t('admin.feedback.rowReasons', values);
    }
    return comment !== undefined ? t('admin.feedback.rowComment', values) : title;
  };
  await sendCard(
    ctx,
    renderFeedbackReportCard({
      title: t('admin.feedback.title'),
      intro:
        rows.length > 0
          ? t('admin.feedback.intro', { votes })
          : t('admin.feedback.introNone', { votes }),
      rows: rows.map((r) => ({
        label: t('admin.feedback.rowLabel', { notHelpful: r.notHelpful, helpful: r.helpful }),
        title: titleOf(r.articleId, r.title),
      })),
      footer: t('admin.feedback.footer'),
      fallbackText:
        rows
          .map((r) =>
            t('admin.feedback.fallbackRow', {
              title: r.title,
              notHelpful: r.notHelpful,
              helpful: r.helpful,
            }),
          )
          .join('\n') || t('admin.feedback.fallbackNone'),
    }),
  );
}
