import fs from 'node:fs';
import path from 'node:path';

import { commandVocabulary } from '../src/actions/commands';
import { loadKnowledgeBase } from '../src/knowledge/load';
import { readMessage } from '../src/knowledge/understand';

/**
 * Timing of reading one message (spelling, small talk, splitting, and the knowledge base's
 * decision for each part: search + confidence), with nothing memoised.
 */
export interface RetrievalTiming {
  questions: number;
  calls: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const ROOT = path.resolve(__dirname, '..');

/**
 * Times `readMessage` (what the bot does with every message before it answers; no answer memo)
 * in this process over the project's QA messages, long and multi-part ones included (and the
 * shared dev questions when present), `rounds` times each after a warm-up, and reports
 * percentiles.
 */
export function measureRetrieval(rounds = 30): RetrievalTiming {
  const kb = loadKnowledgeBase({ vocabulary: commandVocabulary(), memo: 0 });
  const files = [
    path.join(ROOT, 'test/fixtures/qa/questions.json'),
    path.join(ROOT, 'test/fixtures/qa/conversation.json'),
    path.resolve(ROOT, '../shared/questions/dev-questions.json'),
  ].filter((f) => fs.existsSync(f));
  const questions = files.flatMap((f) =>
    (JSON.parse(fs.readFileSync(f, 'utf8')) as { q?: string; turns?: string[] }[]).flatMap(
      (x) => x.turns ?? (x.q !== undefined ? [x.q] : []),
    ),
  );
  for (const q of questions) readMessage(kb, q);
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const t = process.hrtime.bigint();
      readMessage(kb, q);
      samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  samples.sort((a, b) => a - b);
  const at = (p: number): number =>
    samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] ?? 0;
  return {
    questions: questions.length,
    calls: samples.length,
    p50Ms: Math.round(at(0.5) * 1000) / 1000,
    p99Ms: Math.round(at(0.99) * 1000) / 1000,
    maxMs: Math.round((samples[samples.length - 1] ?? 0) * 1000) / 1000,
  };
}
