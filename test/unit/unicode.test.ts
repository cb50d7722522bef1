import { escapeCardText, plainCardText } from '../../src/cards/text';
import { stripBidiControls, withoutBidiControls } from '../../src/unicode';

const SPOOF = 'invoice\u202efdp.exe';

describe('bidirectional controls', () => {
  it('are removed so text shows in its real order', () => {
    expect(stripBidiControls(SPOOF)).toBe('invoicefdp.exe');
    expect(stripBidiControls('a\u202ab\u202bc\u202cd\u202de\u2066f\u2067g\u2068h\u2069')).toBe(
      'abcdefgh',
    );
  });

  it('keep the marks right-to-left names need, and clean text is returned as is', () => {
    const hebrew = '\u05e9\u05dc\u05d5\u05dd\u200f (IT)';
    expect(stripBidiControls(hebrew)).toBe(hebrew);
  });

  it('are removed from every string of an activity, which is copied, not changed', () => {
    const activity = {
      type: 'message',
      summary: `Report: ${SPOOF}`,
      attachments: [{ content: { body: [{ type: 'TextBlock', text: SPOOF }], n: 3 } }],
    };
    const clean = withoutBidiControls(activity);
    expect(JSON.stringify(clean)).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(clean.attachments[0]!.content.body[0]!.text).toBe('invoicefdp.exe');
    expect(clean.attachments[0]!.content.n).toBe(3);
    expect(activity.summary).toContain('\u202e');
    const already = { text: 'fine', list: ['a', { b: 'c' }] };
    expect(withoutBidiControls(already)).toBe(already);
  });

  it('never survive the card text helpers', () => {
    expect(escapeCardText(SPOOF)).toBe('invoicefdp.exe');
    expect(plainCardText(SPOOF, 100)).not.toMatch(/\u202e/);
  });
});
