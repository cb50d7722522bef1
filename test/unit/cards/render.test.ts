import { localizeTemplateJson } from '../../../src/cards/render';
import type { Translate } from '../../../src/i18n/catalogue';

/** A catalogue of two strings, with i18next's {{name}} interpolation. */
const t: Translate = (key, params = {}) => {
  const strings: Record<string, string> = {
    'report.filed': 'Ticket **{{id}}** filed for {{who}}',
    'answer.steps': 'Steps',
    'bad.binding': 'costs ${price}',
  };
  const text = strings[key] ?? key;
  return text.replace(/\{\{(\w+)\}\}/g, (_m, name: string) =>
    typeof params[name] === 'string' ? params[name] : '',
  );
};

describe('catalogue tokens in card templates', () => {
  it('replaces labels and value tokens, the values becoming bindings', () => {
    const card = localizeTemplateJson(
      { body: [{ text: '{{t:answer.steps}}' }, { text: '{{t:report.filed|id=caseId,who=name}}' }] },
      t,
    );
    expect(card).toEqual({
      body: [{ text: 'Steps' }, { text: 'Ticket **${caseId}** filed for ${name}' }],
    });
  });

  it('refuses a catalogue string that would become a binding, in either token', () => {
    expect(() => localizeTemplateJson({ text: '{{t:bad.binding}}' }, t, 'test')).toThrow(/\$\{/);
    expect(() => localizeTemplateJson({ text: '{{t:bad.binding|x=y}}' }, t, 'test')).toThrow(
      /\$\{/,
    );
  });
});
