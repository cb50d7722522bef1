/**
 * How the translated knowledge articles stand against the English ones.
 *
 *   npm run translations                 missing / stale / current per language
 *   npm run translations -- hash <id>    the sourceHash a translation of <id> must carry
 *
 * A translation carries the `sourceHash` of the English title, summary, steps and body it was
 * written from; when the English article changes, the translation shows as stale here and
 * test/unit/knowledge/translations.test.ts fails until it is brought up to date.
 */
import { loadArticles } from '../src/knowledge/articles';
import {
  englishSourceHash,
  readTranslations,
  TRANSLATED_LANGUAGES,
  translationStatus,
} from '../src/knowledge/translations';

/** One line of the report. */
function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

const english = loadArticles();
const [command, id] = process.argv.slice(2);
if (command === 'hash') {
  const article = english.find((a) => a.id === id);
  if (!article) {
    process.stderr.write(`No English article "${id ?? ''}"\n`);
    process.exit(1);
  }
  say(englishSourceHash(article));
} else {
  let bad = false;
  for (const lang of TRANSLATED_LANGUAGES) {
    const s = translationStatus(english, lang, readTranslations(lang));
    say(
      `${lang}: ${s.current} current, ${s.stale.length} stale, ${s.missing.length} missing` +
        (s.orphaned.length ? `, orphaned: ${s.orphaned.join(', ')}` : '') +
        (s.stepMismatch.length ? `, step count differs: ${s.stepMismatch.join(', ')}` : ''),
    );
    if (s.stale.length) say(`  stale: ${s.stale.join(', ')}`);
    if (s.missing.length) say(`  missing: ${s.missing.join(', ')}`);
    bad ||= s.stale.length + s.missing.length + s.orphaned.length + s.stepMismatch.length > 0;
  }
  process.exitCode = bad ? 1 : 0;
}
