/**
 * Sample data for cards/setup-check.json, for test/fixtures/card-samples.ts (CARD_SAMPLES). The
 * sample is the worst case: every item failing with the longest hostile text (Markdown, `${`,
 * HTML, bidi overrides, emoji), so the shared template test also guards the size budget.
 */
import {
  SETUP_CHECKS,
  type CheckStatus,
  type SetupCheckItem,
} from '../../../src/setup-check/checks';
import {
  setupCheckCardData,
  type SetupCheckCardData,
} from '../../../src/setup-check/setup-check-card';

const STATUSES: CheckStatus[] = ['fail', 'warn', 'error', 'manual', 'pass'];

/** A checklist whose every string is hostile and far over the card's budgets. */
export const HOSTILE_ITEMS: SetupCheckItem[] = SETUP_CHECKS.map(({ id }, i) => ({
  id,
  status: STATUSES[i % STATUSES.length] ?? 'fail',
  title: `**${id}** [click](https://evil.example) \${injected} ${'😈'.repeat(400)}`,
  detail: `<b>html</b> \u202egnp.exe\u202c _x_ \${user.name} ${'*[]()#\\"'.repeat(2500)}`,
  fix: `# Fix ${'`code`'.repeat(2000)} \${fix}`,
}));

/** Bound data for cards/setup-check.json (the worst case above, finished, in the sandbox). */
export const SETUP_CHECK_SAMPLE: SetupCheckCardData = setupCheckCardData({
  items: HOSTILE_ITEMS,
  sandbox: true,
  sandboxNotice: '🧪 Local Intune sandbox: no real tenant is changed.',
  elapsedMs: 1234,
  checkedAt: new Date('2026-11-22T10:00:00Z'),
});

/** Entries to add to CARD_SAMPLES in test/fixtures/card-samples.ts. */
export const SETUP_CHECK_CARD_SAMPLES: Record<string, object> = {
  'setup-check.json': SETUP_CHECK_SAMPLE,
};
