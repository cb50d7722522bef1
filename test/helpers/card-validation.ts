import * as AC from 'adaptivecards';

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

  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, context);
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
