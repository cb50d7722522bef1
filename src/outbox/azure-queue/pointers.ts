/**
 * The queue side of the Azure Queue store: the one queue message (the POINTER) that stands for a
 * busy conversation's lane, and the small conversions it needs.
 */
import type { QueueClient } from '@azure/storage-queue';

import { isRecord } from '../policy';

/** The queue operations the outbox uses (a `QueueClient`, or a wrapper of one in tests). */
export type OutboxQueueClient = Pick<
  QueueClient,
  'createIfNotExists' | 'sendMessage' | 'receiveMessages' | 'updateMessage' | 'deleteMessage'
>;

/** The pointer a claim holds. */
export interface HeldPointer {
  id: string;
  pop: string;
  dequeueCount: number;
  insertedOn: number;
}

/** Longest visibility timeout the service accepts (7 days), less a minute. */
const MAX_VISIBILITY_S = 7 * 24 * 3600 - 60;

export function encodePointer(conv: string): string {
  return Buffer.from(JSON.stringify({ v: 1, conv }), 'utf8').toString('base64');
}

/** The conversation a pointer stands for, or undefined for a message that is not one. */
export function decodePointer(text: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as unknown;
    return isRecord(parsed) && parsed.v === 1 && typeof parsed.conv === 'string'
      ? parsed.conv
      : undefined;
  } catch {
    return undefined;
  }
}

/** A delay as the queue's visibility timeout: whole seconds, rounded up, within 7 days. */
export function visibilitySeconds(ms: number): number {
  return Math.min(MAX_VISIBILITY_S, Math.max(0, Math.ceil(ms / 1000)));
}

/** The HTTP status of an Azure SDK error, if it has one. */
export function statusOf(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'statusCode' in err) {
    const { statusCode } = err;
    return typeof statusCode === 'number' ? statusCode : undefined;
  }
  return undefined;
}
