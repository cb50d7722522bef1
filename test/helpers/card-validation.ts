import * as AC from 'adaptivecards';
import { z } from 'zod';

import { MAX_CARD_BYTES } from '../../src/cards/render';

/** Calls `visit` for every object in a card tree (elements, actions, choices, facts), depth-first. */
export function forEachNode(card: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(card)) {
    for (const item of card) forEachNode(item, visit);
    return;
  }
  if (card && typeof card === 'object') {
    const node = card as Record<string, unknown>;
    visit(node);
    for (const value of Object.values(node)) forEachNode(value, visit);
  }
}

/** Every TextBlock text of a card, depth-first in document order. */
export function textBlocks(card: unknown): string[] {
  const out: string[] = [];
  forEachNode(card, (o) => {
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
  });
  return out;
}

/**
 * Teams' chart elements (learn.microsoft.com, "Charts in Adaptive Cards"), which the
 * adaptivecards SDK does not know: the shapes of their data as Teams reads them. A chart must
 * carry a `fallback` element for clients without charts (the Agents Playground, older clients).
 */
const chartData = {
  'Chart.Donut': z.array(z.object({ legend: z.string(), value: z.number() }).strict()).min(1),
  'Chart.HorizontalBar': z.array(z.object({ x: z.string(), y: z.number() }).strict()).min(1),
  'Chart.Line': z
    .array(
      z
        .object({
          legend: z.string(),
          values: z
            .array(z.object({ x: z.union([z.string(), z.number()]), y: z.number() }).strict())
            .min(1),
        })
        .strict(),
    )
    .min(1),
} as const;

const chartElement = z.looseObject({
  type: z.string(),
  title: z.string().optional(),
  data: z.unknown(),
  fallback: z.union([z.literal('drop'), z.looseObject({ type: z.string() })]),
});

/**
 * Checks every Teams chart element in `card` (known type, data shape, a fallback) and returns
 * the card as a client without charts sees it: each chart replaced by its fallback.
 */
function checkCharts(card: unknown, problems: string[]): unknown {
  if (Array.isArray(card)) return card.map((c) => checkCharts(c, problems));
  if (!card || typeof card !== 'object') return card;
  const node = card as Record<string, unknown>;
  if (typeof node.type === 'string' && node.type.startsWith('Chart.')) {
    const schema = (chartData as Record<string, z.ZodType>)[node.type];
    if (!schema) {
      problems.push(`chart: unknown chart element ${node.type}`);
      return { type: 'TextBlock', text: 'unknown chart' };
    }
    const shape = chartElement.safeParse(node);
    if (!shape.success) {
      problems.push(`chart: ${node.type} needs a fallback element for clients without charts`);
      return { type: 'TextBlock', text: 'chart' };
    }
    const data = schema.safeParse(node.data);
    if (!data.success) {
      problems.push(
        `chart: ${node.type} data: ${data.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
      );
    }
    const fallback = shape.data.fallback;
    return fallback === 'drop'
      ? { type: 'TextBlock', text: ' ', isVisible: false }
      : checkCharts(fallback, problems);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, checkCharts(v, problems)]));
}

/** Highest Adaptive Card schema version Teams renders for bot messages. */
export const TEAMS_CARD_VERSION = '1.5';

/**
 * Validates a bound card the way Teams would see it: parsed by the adaptivecards SDK (3.x) against
 * schema 1.5, plus checks the SDK does not make: version, leftover `${`, size budget, and that
 * ToggleVisibility targets exist. Returns a list of problems (empty when the card is fine).
 */
export function validateCard(card: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const text = JSON.stringify(card);
  if (card.type !== 'AdaptiveCard') problems.push('type is not AdaptiveCard');
  if (card.version !== TEAMS_CARD_VERSION)
    problems.push(`version is ${String(card.version)}, expected 1.5`);
  if (text.includes('${')) problems.push('unexpanded ${ binding');
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CARD_BYTES) problems.push(`card is ${bytes} bytes, over ${MAX_CARD_BYTES}`);

  const withoutCharts = checkCharts(card, problems) as Record<string, unknown>;
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(withoutCharts, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`parse: ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  const results = parsed.validateProperties();
  for (const e of results.validationEvents) {
    problems.push(`validate: ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  const ids = new Set<string>();
  const targets: string[] = [];
  forEachNode(card, (o) => {
    if (typeof o.id === 'string') ids.add(o.id);
    if (o.type === 'Action.ToggleVisibility' && Array.isArray(o.targetElements)) {
      for (const t of o.targetElements) {
        targets.push(typeof t === 'string' ? t : String((t as { elementId?: unknown }).elementId));
      }
    }
  });
  for (const t of targets)
    if (!ids.has(t)) problems.push(`ToggleVisibility target "${t}" does not exist`);
  return problems;
}

/** Action.Execute verbs used anywhere in a card. */
export function executeVerbs(card: unknown): string[] {
  const verbs: string[] = [];
  forEachNode(card, (o) => {
    if (o.type === 'Action.Execute' && typeof o.verb === 'string') verbs.push(o.verb);
  });
  return verbs;
}
