/**
 * No user-facing sentence outside the message catalogue: the code that builds what people see
 * (flows, cards, the bot's replies, the diagnosis, the setup check and domain findings) holds no
 * sentence of its own. Files still being moved over are listed in PENDING with how many they
 * hold; the number may only go down, and a file leaves the list once it reaches zero.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { cardLiterals, sourceFiles, userLiterals } from '../../helpers/user-literals';

const root = path.resolve(__dirname, '../../..');

/** Where text for people is built. */
const SCOPE = [
  'src/flows',
  'src/cards',
  'src/bot',
  'src/helpdesk/diagnosis',
  'src/helpdesk/report',
  'src/helpdesk/webhook.ts',
  'src/discovery',
  'src/setup-check',
  'src/campaigns/summary.ts',
  'src/campaigns/schedule.ts',
  'src/knowledge/guide-plan.ts',
  'src/app/routes.ts',
];

/** Files not yet moved to the catalogue (admin, helpdesk staff and domain findings, English). */
const PENDING: Readonly<Record<string, number>> = {};

/** Card templates not yet moved to catalogue tokens, with how many literal labels they hold. */
const PENDING_CARDS: Readonly<Record<string, number>> = {};

describe('user-facing text lives in the catalogue', () => {
  const counts = new Map(
    sourceFiles(root, SCOPE).map((f) => [path.relative(root, f), userLiterals(f)] as const),
  );

  it('has no sentence written into the code outside the files still pending', () => {
    const over = [...counts]
      .filter(([file, hits]) => hits.length > (PENDING[file] ?? 0))
      .map(([file, hits]) => ({ file, allowed: PENDING[file] ?? 0, found: hits }));
    expect(over).toEqual([]);
  });

  it('finds a sentence in code, and skips logs, translate calls and exempt markers', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lit-')), 'x.ts');
    fs.writeFileSync(
      file,
      [
        "send('Your report was filed');",
        "logger.info('could not store it');",
        "t('answer.helpful');",
        "const q = 'iOS 14 or older'; // i18n-exempt: a search",
        'const id = `campaign/${x}/invite`;',
      ].join('\n'),
    );
    expect(userLiterals(file)).toEqual(['Your report was filed']);
  });

  it('lists as pending only files that still hold sentences, with their current count', () => {
    const stale = Object.entries(PENDING)
      .filter(([file, n]) => (counts.get(file)?.length ?? 0) < n)
      .map(([file, n]) => `${file}: ${n} → ${counts.get(file)?.length ?? 0}`);
    expect(stale).toEqual([]);
  });
});

describe('card templates label with catalogue tokens', () => {
  const dir = path.join(root, 'cards');
  const counts = new Map(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map(
        (f) => [f, cardLiterals(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))] as const,
      ),
  );

  it('shows no literal words outside the templates still pending', () => {
    const over = [...counts]
      .filter(([file, hits]) => hits.length > (PENDING_CARDS[file] ?? 0))
      .map(([file, hits]) => ({ file, allowed: PENDING_CARDS[file] ?? 0, found: hits }));
    expect(over).toEqual([]);
  });

  it('lists as pending only templates that still hold literal words, with their count', () => {
    const stale = Object.entries(PENDING_CARDS)
      .filter(([file, n]) => (counts.get(file)?.length ?? 0) < n)
      .map(([file, n]) => `${file}: ${n} → ${counts.get(file)?.length ?? 0}`);
    expect(stale).toEqual([]);
  });

  it('finds a literal label when there is one (the check can fail)', () => {
    expect(cardLiterals({ type: 'TextBlock', text: 'Save changes' })).toEqual(['Save changes']);
    expect(cardLiterals({ type: 'TextBlock', text: '**${title}**: {{t:answer.steps}}' })).toEqual(
      [],
    );
  });
});
