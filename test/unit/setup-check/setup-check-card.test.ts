import fs from 'node:fs';
import path from 'node:path';

import { compileTemplate } from '../../../src/cards/render';
import { fitCardText } from '../../../src/cards/text';
import {
  pendingChecklist,
  SETUP_CHECKS,
  type ChecklistEntry,
} from '../../../src/setup-check/checks';
import {
  renderSetupCheckCard,
  SETUP_CHECK_RERUN_VERB,
  setupCheckCardData,
  summaryLine,
} from '../../../src/setup-check/setup-check-card';
import { executeVerbs, validateCard, textBlocks } from '../../helpers/card-validation';

import { HOSTILE_ITEMS, SETUP_CHECK_CARD_SAMPLES } from './card-samples';

const TEMPLATE = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../../cards/setup-check.json'), 'utf8'),
) as Record<string, unknown>;

const BANNER = {
  sandbox: true,
  sandboxNotice: '🧪 Local Intune sandbox: no real tenant is changed.',
};

describe('setup check card', () => {
  it('shows the "Checking…" card with every item pending and the sandbox banner', () => {
    const card = renderSetupCheckCard({ items: pendingChecklist(), ...BANNER });
    expect(validateCard(card.attachment.content)).toEqual([]);
    const all = textBlocks(card.attachment.content);
    expect(all[0]).toBe(BANNER.sandboxNotice);
    expect(all).toContain(`⏳ Checking… 0 of ${SETUP_CHECKS.length} done.`);
    expect(all.filter((t) => t === 'Checking…')).toHaveLength(SETUP_CHECKS.length);
    expect(all.filter((t) => t === '⏳')).toHaveLength(SETUP_CHECKS.length);
    expect(card.summary).toMatch(/^Setup check: ⏳ Checking…/);
  });

  it('hides the banner outside the sandbox', () => {
    const card = renderSetupCheckCard({
      items: pendingChecklist(),
      sandbox: false,
      sandboxNotice: 'x',
    });
    expect(textBlocks(card.attachment.content)).not.toContain('x');
  });

  it('summarises a finished run, with an icon, detail and fix per row, and Run again', () => {
    const items: ChecklistEntry[] = SETUP_CHECKS.map(({ id, title }, i) => ({
      id,
      title,
      status:
        (
          [
            'pass',
            'pass',
            'warn',
            'fail',
            'pass',
            'warn',
            'pass',
            'pass',
            'error',
            'manual',
          ] as const
        )[i] ?? 'pass',
      detail: `detail ${i}`,
      fix: i % 2 === 0 ? '' : `fix ${i}`,
    }));
    const card = renderSetupCheckCard({
      items,
      ...BANNER,
      elapsedMs: 1520,
      checkedAt: new Date('2026-11-22T10:05:00Z'),
    });
    const content = card.attachment.content;
    expect(validateCard(content)).toEqual([]);
    const all = textBlocks(content);
    expect(all).toContain(
      '5 passed · 2 warnings · 1 failed · 1 could not be checked · 1 to check yourself',
    );
    expect(all).toEqual(expect.arrayContaining(['✅', '⚠️', '❌', '❗', '📝']));
    expect(all).toContain('**Fix:** fix 1');
    expect(all).toContain('**What to check:** fix 9');
    expect(all.some((t) => /Checked in 1\.5 s at 2026-11-22 10:05 UTC/.test(t))).toBe(true);
    expect(executeVerbs(content)).toEqual([SETUP_CHECK_RERUN_VERB]);
    const action = (content.actions as Record<string, unknown>[])[0];
    expect(action).toMatchObject({ type: 'Action.Execute', title: 'Run again', data: {} });
    expect(card.summary).toBe(
      'Setup check: 5 passed · 2 warnings · 1 failed · 1 could not be checked · 1 to check yourself. WARN: Microsoft Authenticator assigned as Required; FAIL: Just-in-time (JIT) registration; WARN: No retired Company Portal user enrollment profiles; ERROR: Service discovery file on your sign-in domains',
    );
    expect(setupCheckCardData({ items, ...BANNER }).summaryColor).toBe('Attention');
  });

  it('colours the summary by the worst status', () => {
    const only = (status: 'pass' | 'warn' | 'error'): ChecklistEntry[] => [
      { id: 'apns', title: 't', status, detail: 'd', fix: status === 'pass' ? '' : 'f' },
    ];
    expect(setupCheckCardData({ items: only('pass'), ...BANNER }).summaryColor).toBe('Good');
    expect(setupCheckCardData({ items: only('warn'), ...BANNER }).summaryColor).toBe('Warning');
    expect(setupCheckCardData({ items: only('error'), ...BANNER }).summaryColor).toBe('Warning');
    expect(setupCheckCardData({ items: pendingChecklist(), ...BANNER }).summaryColor).toBe(
      'Default',
    );
    expect(summaryLine(only('pass'))).toBe('1 passed · 0 warnings · 0 failed');
  });

  it('escapes, defuses and cuts hostile text, staying valid and under 28 KB', () => {
    const card = renderSetupCheckCard({ items: HOSTILE_ITEMS, ...BANNER, elapsedMs: 1 });
    const content = card.attachment.content;
    expect(validateCard(content)).toEqual([]);
    const json = JSON.stringify(content);
    expect(Buffer.byteLength(json, 'utf8')).toBeLessThan(28 * 1024);
    expect(json).not.toContain('${');
    expect(json).not.toContain('\u202e');
    for (const t of textBlocks(content)) {
      expect(t).not.toMatch(/(^|[^\\])\*\*[a-z-]+\*\*/);
      expect(t).not.toMatch(/(^|[^\\])\[click\]/);
      expect(t).not.toMatch(/(^|[^\\])<b>/);
    }
    expect(textBlocks(content).filter((t) => t.includes('…')).length).toBeGreaterThan(10);
  });

  it('fits the worst case for every mix of statuses, pending rows included', () => {
    const pendingHalf: ChecklistEntry[] = HOSTILE_ITEMS.map((item, i) =>
      i % 2 === 0 ? { id: item.id, title: item.title, status: 'pending' } : item,
    );
    for (const items of [HOSTILE_ITEMS, pendingHalf]) {
      const content = renderSetupCheckCard({ items, ...BANNER }).attachment.content;
      expect(validateCard(content)).toEqual([]);
    }
  });

  it('binds the template with the exported sample (the shared template test uses it)', () => {
    const sample = SETUP_CHECK_CARD_SAMPLES['setup-check.json'];
    expect(sample).toBeDefined();
    const card = compileTemplate('setup-check-sample', TEMPLATE).bind(sample as object);
    expect(validateCard(card)).toEqual([]);
    expect(TEMPLATE.version).toBe('1.5');
  });

  it('cuts text to a byte budget even when escaping grows it', () => {
    const out = fitCardText('*'.repeat(5000), 1000, 300);
    expect(Buffer.byteLength(JSON.stringify(out), 'utf8')).toBeLessThanOrEqual(302);
    expect(fitCardText('a\u0000b\u202ec  d ${x}', 100, 100)).toBe('a b c d $\u200b{x}');
  });
});
