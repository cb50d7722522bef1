/**
 * The SQLite outbox's table and its statements. One row per message; the per-conversation order
 * is `seq` among the conversation's active rows (the "head" is the lowest).
 */
import type Database from 'better-sqlite3';

import type { ConversationRef, OutboxKind, OutboxMessage, OutboxState } from '../types';

/** A stored row. */
export interface Row {
  seq: number;
  id: string;
  conv_key: string;
  rate_key: string;
  kind: OutboxKind;
  conversation: string;
  activity: string;
  target_activity_id: string | null;
  target_outbox_id: string | null;
  state: OutboxState;
  uncertain: number;
  attempts: number;
  not_before: number;
  lease_owner: string | null;
  lease_until: number | null;
  activity_id: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
}

export const SCHEMA = `
  CREATE TABLE IF NOT EXISTS outbox_messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    conv_key TEXT NOT NULL,
    rate_key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('post', 'update', 'reply')),
    conversation TEXT NOT NULL,
    activity TEXT NOT NULL,
    target_activity_id TEXT,
    target_outbox_id TEXT,
    state TEXT NOT NULL,
    uncertain INTEGER NOT NULL DEFAULT 0, -- ambiguous attempts so far (0 = certain)
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before INTEGER NOT NULL,
    lease_owner TEXT,
    lease_until INTEGER,
    activity_id TEXT,
    last_status INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    sent_at INTEGER
  );
  CREATE INDEX IF NOT EXISTS outbox_active ON outbox_messages (conv_key, seq)
    WHERE state IN ('pending', 'claimed', 'sending');
  CREATE INDEX IF NOT EXISTS outbox_state ON outbox_messages (state, not_before);
`;

const ACTIVE = `('pending', 'claimed', 'sending')`;

/** The prepared statements of one connection. */
export type Statements = ReturnType<typeof prepareStatements>;

/** Prepares every statement the store uses on `db` (which has the schema). */
export function prepareStatements(db: Database.Database) {
  return {
    insert: db.prepare<Record<string, unknown>>(`
      INSERT INTO outbox_messages (id, conv_key, rate_key, kind, conversation, activity,
        target_activity_id, target_outbox_id, state, not_before, created_at, updated_at)
      VALUES (@id, @convKey, @rateKey, @kind, @conversation, @activity,
        @targetActivityId, @targetOutboxId, 'pending', @notBefore, @now, @now)
      ON CONFLICT (id) DO NOTHING`),
    getById: db.prepare<[string], Row>('SELECT * FROM outbox_messages WHERE id = ?'),
    candidates: db.prepare<{ now: number; limit: number }, Row>(`
      SELECT m.* FROM outbox_messages AS m
      WHERE m.state = 'pending' AND m.not_before <= @now
        AND m.seq = (SELECT MIN(h.seq) FROM outbox_messages AS h
                     WHERE h.conv_key = m.conv_key AND h.state IN ${ACTIVE})
      ORDER BY m.not_before, m.seq
      LIMIT @limit`),
    claim: db.prepare<{ seq: number; owner: string; until: number; now: number }>(`
      UPDATE outbox_messages SET state = 'claimed', lease_owner = @owner, lease_until = @until,
        updated_at = @now
      WHERE seq = @seq AND state = 'pending'`),
    recover: db.prepare<{ now: number }>(`
      UPDATE outbox_messages
      SET uncertain = CASE WHEN state = 'sending' THEN uncertain + 1 ELSE uncertain END,
        state = 'pending', lease_owner = NULL, lease_until = NULL, updated_at = @now
      WHERE state IN ('claimed', 'sending') AND lease_until < @now`),
    renew: db.prepare<{ id: string; owner: string; until: number }>(`
      UPDATE outbox_messages SET lease_until = @until
      WHERE id = @id AND lease_owner = @owner AND state IN ('claimed', 'sending')`),
    markSending: db.prepare<{ id: string; owner: string; until: number; now: number }>(`
      UPDATE outbox_messages SET state = 'sending', attempts = attempts + 1,
        lease_until = @until, updated_at = @now
      WHERE id = @id AND lease_owner = @owner AND state = 'claimed'`),
    markSent: db.prepare<{
      id: string;
      activityId: string | null;
      status: number | null;
      now: number;
    }>(`
      UPDATE outbox_messages SET state = 'sent', activity_id = @activityId, sent_at = @now,
        last_status = @status, lease_owner = NULL, lease_until = NULL, updated_at = @now
      WHERE id = @id AND state NOT IN ('sent', 'dead', 'superseded')`),
    retry: db.prepare<{
      id: string;
      owner: string;
      notBefore: number;
      uncertain: number;
      status: number | null;
      error: string;
      now: number;
    }>(`
      UPDATE outbox_messages SET state = 'pending', not_before = @notBefore,
        uncertain = uncertain + @uncertain, last_status = @status, last_error = @error,
        lease_owner = NULL, lease_until = NULL, updated_at = @now
      WHERE id = @id AND lease_owner = @owner AND state IN ('claimed', 'sending')`),
    release: db.prepare<{ id: string; owner: string; notBefore: number; now: number }>(`
      UPDATE outbox_messages SET state = 'pending', not_before = @notBefore,
        lease_owner = NULL, lease_until = NULL, updated_at = @now
      WHERE id = @id AND lease_owner = @owner AND state = 'claimed'`),
    clearUncertain: db.prepare<{ id: string; owner: string }>(`
      UPDATE outbox_messages SET uncertain = 0 WHERE id = @id AND lease_owner = @owner`),
    dead: db.prepare<{
      id: string;
      reason: string;
      status: number | null;
      uncertain: number;
      now: number;
    }>(`
      UPDATE outbox_messages SET state = 'dead', last_error = @reason,
        last_status = COALESCE(@status, last_status), uncertain = uncertain + @uncertain,
        lease_owner = NULL, lease_until = NULL, updated_at = @now
      WHERE id = @id AND state NOT IN ('sent', 'dead', 'superseded')`),
    supersede: db.prepare<{ id: string; owner: string; now: number }>(`
      UPDATE outbox_messages SET state = 'superseded', lease_owner = NULL, lease_until = NULL,
        updated_at = @now
      WHERE id = @id AND lease_owner = @owner AND state = 'claimed'`),
    newerUpdate: db.prepare<
      { conv: string; seq: number; targetOutbox: string; targetActivity: string },
      { id: string }
    >(`
      SELECT id FROM outbox_messages
      WHERE conv_key = @conv AND seq > @seq AND kind = 'update' AND state = 'pending'
        AND COALESCE(target_outbox_id, '') = @targetOutbox
        AND COALESCE(target_activity_id, '') = @targetActivity
      LIMIT 1`),
    oldestActive: db.prepare<[], { t: number | null }>(
      `SELECT MIN(created_at) AS t FROM outbox_messages WHERE state IN ${ACTIVE}`,
    ),
    counts: db.prepare<[], { state: OutboxState; n: number }>(
      'SELECT state, COUNT(*) AS n FROM outbox_messages GROUP BY state',
    ),
    active: db.prepare<[], { n: number }>(
      `SELECT COUNT(*) AS n FROM outbox_messages WHERE state IN ${ACTIVE}`,
    ),
    nextDue: db.prepare<[], { t: number | null }>(`
      SELECT MIN(m.not_before) AS t FROM outbox_messages AS m
      WHERE m.state = 'pending'
        AND m.seq = (SELECT MIN(h.seq) FROM outbox_messages AS h
                     WHERE h.conv_key = m.conv_key AND h.state IN ${ACTIVE})`),
    listDead: db.prepare<[number], Row>(
      `SELECT * FROM outbox_messages WHERE state = 'dead' ORDER BY updated_at DESC LIMIT ?`,
    ),
    requeue: db.prepare<{ id: string; now: number }>(`
      UPDATE outbox_messages SET state = 'pending', attempts = 0, uncertain = 0,
        not_before = @now, last_error = NULL, updated_at = @now
      WHERE id = @id AND state = 'dead'`),
    releaseAll: db.prepare<{ owner: string; now: number }>(`
      UPDATE outbox_messages SET state = 'pending', lease_owner = NULL, lease_until = NULL,
        updated_at = @now
      WHERE lease_owner = @owner AND state = 'claimed'`),
    purge: db.prepare<[number]>(
      `DELETE FROM outbox_messages WHERE state IN ('sent', 'superseded') AND updated_at < ?`,
    ),
  };
}

/** The message a row stands for. */
export function toMessage(row: Row): OutboxMessage {
  const m: OutboxMessage = {
    id: row.id,
    conversation: JSON.parse(row.conversation) as ConversationRef,
    kind: row.kind,
    activity: JSON.parse(row.activity) as Record<string, unknown>,
    state: row.state,
    attempts: row.attempts,
    notBefore: row.not_before,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    uncertain: row.uncertain > 0,
    ambiguousAttempts: row.uncertain,
  };
  if (row.target_activity_id) m.targetActivityId = row.target_activity_id;
  if (row.target_outbox_id) m.targetOutboxId = row.target_outbox_id;
  if (row.activity_id) m.activityId = row.activity_id;
  if (row.sent_at !== null) m.sentAt = row.sent_at;
  if (row.last_status !== null) m.lastStatus = row.last_status;
  if (row.last_error !== null) m.lastError = row.last_error;
  return m;
}
