/**
 * Answers written by the organisation's IT team: a helpdesk member proposes one from a solved
 * case (symptom, cause, fix), an admin reviews, edits and publishes it, and from then on it
 * answers employees beside the bot's own articles, marked "written by your IT team". An admin can
 * withdraw it again. Employees never see a draft.
 *
 * All answers live in one state-storage document (`knowledge/team-answers`), changed only through
 * {@link updateDocument}: each answer carries a `rev` that every card action must quote, and the
 * check happens inside the conditional write, so of two admins clicking Publish and Withdraw on
 * the same card one wins and the other is told the card was out of date. The document's
 * `version` goes up on every change; each bot instance compares it to rebuild its index
 * ({@link LiveKnowledgeBase}).
 */
import { randomBytes } from 'node:crypto';

import { z } from 'zod';

import { cardTime, escapeCardText, plainCardText } from '../cards/text';
import { AppError } from '../errors';
import type { StateStorage } from '../storage/state-storage';
import { updateDocument } from '../storage/update-document';

import type { Article } from './articles';
import type { KnowledgeBase } from './knowledge-base';

/** Storage key of the one document that holds every team answer. */
export const TEAM_ANSWERS_KEY = 'knowledge/team-answers';

/** Answers kept in all (drafts, published, withdrawn); the oldest closed ones go first. */
const MAX_ANSWERS = 100;

/** Lifecycle of a team answer. */
export type TeamAnswerStatus = 'draft' | 'published' | 'withdrawn' | 'discarded';

/** Who acted, from the authenticated activity. */
export interface TeamAnswerActor {
  aadObjectId?: string;
  name?: string;
}

/** Limits of what a person may write (the card inputs carry the same maxLength). */
export const TEAM_ANSWER_LIMITS = {
  title: 100,
  question: 300,
  symptom: 300,
  cause: 1000,
  steps: 2000,
} as const;

/** What a helpdesk member or an admin writes: the editable part of an answer. */
export const teamAnswerTextSchema = z.object({
  title: z
    .string()
    .trim()
    .min(5, 'Give the answer a title (at least 5 characters).')
    .max(TEAM_ANSWER_LIMITS.title, `Keep the title under ${TEAM_ANSWER_LIMITS.title} characters.`),
  question: z
    .string()
    .trim()
    .min(5, 'Say how employees ask about it (at least 5 characters).')
    .max(TEAM_ANSWER_LIMITS.question),
  symptom: z.string().trim().max(TEAM_ANSWER_LIMITS.symptom).default(''),
  cause: z
    .string()
    .trim()
    .min(10, 'Explain the cause in a sentence or two (at least 10 characters).')
    .max(TEAM_ANSWER_LIMITS.cause),
  steps: z
    .string()
    .trim()
    .min(3, 'Write the fix, one step per line.')
    .max(TEAM_ANSWER_LIMITS.steps),
});
export type TeamAnswerText = z.infer<typeof teamAnswerTextSchema>;

const actorSchema = z.object({ aadObjectId: z.string().optional(), name: z.string().optional() });
const stampSchema = z.object({ by: actorSchema, at: z.string() });

const teamAnswerSchema = teamAnswerTextSchema.extend({
  id: z.string().regex(/^team-[a-z0-9]{8}$/),
  status: z.enum(['draft', 'published', 'withdrawn', 'discarded']),
  /** Bumped on every change: card actions quote it. */
  rev: z.number().int().nonnegative(),
  /** The case it was proposed from. */
  fromCase: z.string().max(40).optional(),
  proposed: stampSchema,
  edited: stampSchema.optional(),
  published: stampSchema.optional(),
  withdrawn: stampSchema.optional(),
});
export type TeamAnswer = z.infer<typeof teamAnswerSchema>;

const documentSchema = z.object({
  version: z.number().int().nonnegative(),
  answers: z.array(teamAnswerSchema),
});
type TeamAnswersDocument = z.infer<typeof documentSchema>;

/** What {@link TeamAnswerStore.change} decided. */
export type ChangeOutcome =
  | { ok: true; answer: TeamAnswer; /** The text changed too. */ edited: boolean }
  | { ok: false; reason: 'missing' | 'stale' | 'state'; answer?: TeamAnswer };

/** A change an admin makes to one answer. */
export type TeamAnswerChange =
  | { kind: 'save'; text: TeamAnswerText }
  | { kind: 'publish'; text?: TeamAnswerText }
  | { kind: 'discard' }
  | { kind: 'withdraw' };

function newAnswerId(): string {
  const alphabet = 'abcdefghjkmnpqrstvwxyz23456789';
  return `team-${Array.from(randomBytes(8), (b) => alphabet[b % alphabet.length]).join('')}`;
}

function sameText(a: TeamAnswerText, b: TeamAnswerText): boolean {
  return (
    a.title === b.title &&
    a.question === b.question &&
    a.symptom === b.symptom &&
    a.cause === b.cause &&
    a.steps === b.steps
  );
}

/** Which statuses a change may start from. */
const ALLOWED_FROM: Record<TeamAnswerChange['kind'], readonly TeamAnswerStatus[]> = {
  save: ['draft', 'published'],
  publish: ['draft', 'withdrawn'],
  discard: ['draft'],
  withdraw: ['published'],
};

/** The team answers in state storage (see the module comment). */
export class TeamAnswerStore {
  public constructor(
    private readonly storage: StateStorage,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Every answer and the document's version (0 when there is none yet). */
  public async read(): Promise<TeamAnswersDocument> {
    const item: unknown = (await this.storage.read([TEAM_ANSWERS_KEY]))[TEAM_ANSWERS_KEY];
    if (!item) return { version: 0, answers: [] };
    const parsed = documentSchema.safeParse(item);
    if (!parsed.success) {
      throw new AppError('internal', `${TEAM_ANSWERS_KEY} is not a team answers document`);
    }
    return parsed.data;
  }

  /** One answer, or undefined. */
  public async get(id: string): Promise<TeamAnswer | undefined> {
    return (await this.read()).answers.find((a) => a.id === id);
  }

  /** A new draft, from a solved case. */
  public async propose(
    text: TeamAnswerText,
    by: TeamAnswerActor,
    fromCase?: string,
  ): Promise<TeamAnswer> {
    const answer: TeamAnswer = {
      ...text,
      id: newAnswerId(),
      status: 'draft',
      rev: 1,
      ...(fromCase ? { fromCase } : {}),
      proposed: { by: { ...by }, at: this.now().toISOString() },
    };
    await updateDocument<TeamAnswersDocument>(
      this.storage,
      TEAM_ANSWERS_KEY,
      (cur) => ({
        version: (cur?.version ?? 0) + 1,
        answers: bounded([...(cur?.answers ?? []), answer]),
      }),
      { schema: documentSchema },
    );
    return answer;
  }

  /**
   * Takes a draft out entirely: for a proposal that lost the race to mark its case (nobody saw
   * it). Only a draft still at its first rev goes; anything else stays.
   */
  public async removeUnseenDraft(id: string): Promise<void> {
    await updateDocument<TeamAnswersDocument>(
      this.storage,
      TEAM_ANSWERS_KEY,
      (cur) => {
        const found = cur?.answers.find((a) => a.id === id);
        if (!cur || found?.status !== 'draft' || found.rev !== 1) return null;
        return { version: cur.version + 1, answers: cur.answers.filter((a) => a.id !== id) };
      },
      { schema: documentSchema },
    );
  }

  /**
   * Applies an admin's change to one answer when its `rev` is still `rev`, in one conditional
   * write (a stale or replayed card changes nothing). Publishing with text applies the edits too.
   */
  public async change(
    id: string,
    rev: number,
    change: TeamAnswerChange,
    by: TeamAnswerActor,
  ): Promise<ChangeOutcome> {
    let outcome: ChangeOutcome = { ok: false, reason: 'missing' };
    const at = this.now().toISOString();
    await updateDocument<TeamAnswersDocument>(
      this.storage,
      TEAM_ANSWERS_KEY,
      (cur) => {
        const answers = cur?.answers ?? [];
        const found = answers.find((a) => a.id === id);
        if (!found) {
          outcome = { ok: false, reason: 'missing' };
          return null;
        }
        if (found.rev !== rev) {
          outcome = { ok: false, reason: 'stale', answer: found };
          return null;
        }
        if (!ALLOWED_FROM[change.kind].includes(found.status)) {
          outcome = { ok: false, reason: 'state', answer: found };
          return null;
        }
        const next: TeamAnswer = { ...found, rev: found.rev + 1 };
        const text = 'text' in change ? change.text : undefined;
        const edited = text !== undefined && !sameText(found, text);
        if (edited) {
          Object.assign(next, text);
          next.edited = { by: { ...by }, at };
        }
        if (change.kind === 'publish') {
          next.status = 'published';
          next.published = { by: { ...by }, at };
          delete next.withdrawn;
        } else if (change.kind === 'withdraw') {
          next.status = 'withdrawn';
          next.withdrawn = { by: { ...by }, at };
        } else if (change.kind === 'discard') {
          next.status = 'discarded';
          next.withdrawn = { by: { ...by }, at };
        }
        outcome = { ok: true, answer: next, edited };
        return {
          version: (cur?.version ?? 0) + 1,
          answers: answers.map((a) => (a.id === id ? next : a)),
        };
      },
      { schema: documentSchema },
    );
    return outcome;
  }
}

/** At most {@link MAX_ANSWERS}: the oldest withdrawn or discarded answers make room first. */
function bounded(answers: TeamAnswer[]): TeamAnswer[] {
  const out = [...answers];
  while (out.length > MAX_ANSWERS) {
    const closed = out.findIndex((a) => a.status === 'withdrawn' || a.status === 'discarded');
    if (closed < 0) {
      throw new AppError(
        'bad_request',
        `There are already ${MAX_ANSWERS} team answers: withdraw or discard some first.`,
      );
    }
    out.splice(closed, 1);
  }
  return out;
}

/** The fix as steps: one per non-empty line, list markers ("1.", "-") removed, at most 8. */
export function stepsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*(?:\d+[.)]|[-*•])\s*/, '').trim())
    .filter((l) => l.length > 0)
    .slice(0, 8);
}

/**
 * A published answer as a knowledge article: escaped (a team answer is people's text, so it can
 * neither format the card nor carry a link), in the troubleshooting category, found by the
 * question as employees ask it, the symptom and the title.
 */
export function teamAnswerArticle(answer: TeamAnswer): Article {
  const plain = (text: string, max: number): string => plainCardText(text, max);
  const cause = plain(answer.cause, TEAM_ANSWER_LIMITS.cause);
  const firstSentence = /^(.{10,200}?[.!?])(\s|$)/.exec(cause)?.[1] ?? plain(cause, 200);
  const day = cardTime(answer.published?.at ?? answer.proposed.at, { dateOnly: true });
  return {
    id: answer.id,
    title: escapeCardText(plain(answer.title, TEAM_ANSWER_LIMITS.title)),
    summary: escapeCardText(firstSentence),
    phrasings: [answer.question, answer.symptom, answer.title]
      .flatMap((t) => t.split(/\r?\n/))
      .map((t) => plain(t, 300))
      .filter((t) => t.length >= 3),
    keywords: [],
    appliesTo: { methods: ['any'] },
    audience: 'employee',
    category: 'troubleshooting',
    steps: stepsOf(answer.steps).map((s) => escapeCardText(plain(s, 300))),
    related: [],
    needs: [],
    sources: [],
    body: escapeCardText(cause),
    sourceLine: day ? `Written by your IT team · published ${day}` : 'Written by your IT team',
  };
}

/** Is this article one of the IT team's answers? */
export function isTeamArticle(article: Pick<Article, 'id'>): boolean {
  return /^team-[a-z0-9]{8}$/.test(article.id);
}

/** Options of {@link LiveKnowledgeBase}. */
export interface LiveKnowledgeOptions {
  /** How long a bot instance trusts what it read before reading the document again. */
  checkEveryMs?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
}

/**
 * The knowledge base an instance answers from: the bot's articles plus the published team
 * answers. {@link refresh} reads the team answers document at most every `checkEveryMs` (2 s by
 * default) and rebuilds the index when its version changed, so an answer published or withdrawn
 * on any instance is used by every instance within that time, without a restart. The instance
 * that made the change calls {@link invalidate} and uses it on its next message.
 */
export class LiveKnowledgeBase {
  private kb: KnowledgeBase;
  private version = 0;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<void> | undefined;
  private readonly checkEveryMs: number;
  private readonly now: () => number;

  public constructor(
    private readonly base: KnowledgeBase,
    private readonly store: TeamAnswerStore,
    private readonly options: LiveKnowledgeOptions = {},
  ) {
    this.kb = base;
    this.checkEveryMs = options.checkEveryMs ?? 2000;
    this.now = options.now ?? (() => Date.now());
  }

  /** The knowledge base to answer from now. */
  public current(): KnowledgeBase {
    return this.kb;
  }

  /** Reads the team answers on the next {@link refresh}, whenever the last read was. */
  public invalidate(): void {
    this.checkedAt = Number.NEGATIVE_INFINITY;
  }

  /**
   * Brings {@link current} up to date with the stored team answers (one read at most every
   * `checkEveryMs`; concurrent calls share it). Never throws: on a storage error the current
   * knowledge base stays and the next call tries again.
   */
  public refresh(): Promise<void> {
    if (this.now() - this.checkedAt < this.checkEveryMs) return Promise.resolve();
    this.pending ??= this.load().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async load(): Promise<void> {
    try {
      const doc = await this.store.read();
      this.checkedAt = this.now();
      if (doc.version === this.version) return;
      const published = doc.answers.filter((a) => a.status === 'published');
      this.kb =
        published.length > 0 ? this.base.withArticles(published.map(teamAnswerArticle)) : this.base;
      this.version = doc.version;
    } catch (err) {
      this.options.onError?.(err);
    }
  }
}
