import fs from 'node:fs';
import path from 'node:path';

import { compileLocalizedTemplate, compileTemplate } from '../../../src/cards/render';
import { VERBS } from '../../../src/cards/verbs';
import { LANGUAGES } from '../../../src/i18n/languages';
import { CARD_SAMPLES } from '../../fixtures/card-samples';
import { executeVerbs, validateCard } from '../../helpers/card-validation';

const CARDS_DIR = path.resolve(__dirname, '../../../cards');
const files = fs.readdirSync(CARDS_DIR).filter((f) => f.endsWith('.json'));

describe('card templates', () => {
  it('finds the card templates', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  it.each(files)('%s has sample data', (file) => {
    expect(CARD_SAMPLES[file]).toBeDefined();
  });

  // Bound as the bot binds them: catalogue tokens replaced in each language (the size limit and
  // the validation see the text people get, German compounds and Japanese included).
  it.each(files.flatMap((f) => LANGUAGES.map((lang) => [f, lang] as const)))(
    '%s is an Adaptive Card 1.5 template that binds and validates cleanly in %s',
    (file, lang) => {
      const json = JSON.parse(fs.readFileSync(path.join(CARDS_DIR, file), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(json.version).toBe('1.5');
      const sample = CARD_SAMPLES[file];
      if (!sample) throw new Error(`no sample for ${file}`);
      const card = compileLocalizedTemplate(file, json)(lang).bind(sample);
      expect(JSON.stringify(card)).not.toMatch(/\{\{t:/);
      expect(validateCard(card)).toEqual([]);
    },
  );
});

describe('validateCard', () => {
  it('reports unknown elements, leftovers, wrong versions and oversize cards', () => {
    const problems = validateCard({
      type: 'AdaptiveCard',
      version: '1.6',
      body: [
        { type: 'Bogus' },
        { type: 'TextBlock', text: '${oops}' },
        { type: 'TextBlock', text: 'x'.repeat(30 * 1024) },
      ],
      actions: [{ type: 'Action.ToggleVisibility', title: 't', targetElements: ['missing'] }],
    });
    const joined = problems.join('\n');
    expect(joined).toMatch(/version is 1.6/);
    expect(joined).toMatch(/unexpanded/);
    expect(joined).toMatch(/over 28672/);
    expect(joined).toMatch(/UnknownElementType/);
    expect(joined).toMatch(/target "missing"/);
  });

  it('knows Teams chart elements: checks their data and requires a fallback', () => {
    const good = validateCard({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        {
          type: 'Chart.Donut',
          data: [{ legend: 'Enrolled', value: 3 }],
          fallback: { type: 'TextBlock', text: '3 enrolled' },
        },
        {
          type: 'Chart.Line',
          data: [{ legend: 'Enrolled', values: [{ x: '2026-12-01', y: 1 }] }],
          fallback: { type: 'FactSet', facts: [{ title: '1 Dec', value: '1' }] },
        },
      ],
    });
    expect(good).toEqual([]);
    const bad = validateCard({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        {
          type: 'Chart.HorizontalBar',
          data: [{ x: 'Targeted', y: '12' }],
          fallback: { type: 'TextBlock', text: 'x' },
        },
        { type: 'Chart.Donut', data: [{ legend: 'a', value: 1 }] },
        { type: 'Chart.Bogus', data: [], fallback: 'drop' },
        { type: 'Chart.Line', data: [], fallback: { type: 'Bogus' } },
      ],
    }).join('\n');
    expect(bad).toMatch(/Chart.HorizontalBar data: 0.y/);
    expect(bad).toMatch(/Chart.Donut needs a fallback/);
    expect(bad).toMatch(/unknown chart element Chart.Bogus/);
    expect(bad).toMatch(/UnknownElementType/);
  });

  it('rejects a required input without a label', () => {
    const problems = validateCard({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'Input.Text', id: 'name', isRequired: true }],
    });
    expect(problems.join('\n')).toMatch(/Label|ErrorMessage/);
  });
});

describe('compileTemplate', () => {
  it('throws when data lacks a field the template binds', () => {
    const t = compileTemplate<{ a?: string }>('t', {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: '${missing}' }],
    });
    expect(() => t.bind({})).toThrow(/unexpanded/);
  });
});

describe('card verbs', () => {
  it.each(files)('%s uses only verbs listed in VERBS', (file) => {
    const json = JSON.parse(fs.readFileSync(path.join(CARDS_DIR, file), 'utf8')) as unknown;
    const known = new Set<string>(Object.values(VERBS));
    expect(executeVerbs(json).filter((v) => !known.has(v))).toEqual([]);
  });
});
