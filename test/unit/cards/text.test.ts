import { escapeCardText, truncate } from '../../../src/cards/text';

describe('escapeCardText', () => {
  it.each([
    ['**Boss** [x](http://evil)', '\\*\\*Boss\\*\\* \\[x\\](http://evil)'],
    ['<script>alert(1)</script>', '\\<script\\>alert(1)\\</script\\>'],
    ['# heading\n- item\n12) one', '\\# heading\n\\- item\n12\\) one'],
    ['${title} and ${x}', '$\u200b{title} and $\u200b{x}'],
    ['tab\u0000nul\u0007bell', 'tabnulbell'],
    ['Sales (EU) - team.one', 'Sales (EU) - team.one'],
    ['snake_case `code` ~strike~', 'snake\\_case \\`code\\` \\~strike\\~'],
  ])('escapes %p', (input, expected) => {
    expect(escapeCardText(input)).toBe(expected);
  });
});

describe('truncate', () => {
  it('keeps short text and cuts long text on code points with an ellipsis', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('abcdefghij', 5)).toBe('abcd…');
    expect(truncate('😀😀😀😀😀😀', 3)).toBe('😀😀…');
  });
});
