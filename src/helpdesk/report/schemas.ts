/**
 * The two ways a failure report arrives, as zod schemas: the employee's form (`action.data` of
 * the report card) and the system webhook. Messages name the field in the employee's words.
 */
import { z } from 'zod';

import { ENROLLMENT_STEPS, FAILURE_CATEGORIES, parseOsVersion } from '../diagnosis';

/** Card inputs send '' for untouched fields: treat it as "not given". */
function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

const optionalText = (max: number, label: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string({ error: `${label} must be text.` })
      .trim()
      .max(max, { error: `${label} is too long: keep it under ${max} characters.` })
      .optional(),
  );

const osVersionText = (label: string) =>
  z
    .string({ error: `${label} must be text, for example "17.4.1".` })
    .trim()
    .max(40, { error: `${label} is too long.` })
    .refine((v) => parseOsVersion(v) !== undefined, {
      error: `${label} should look like "17.4.1" (Settings › General › About › iOS Version).`,
    });

/**
 * What the employee fills in on the "Report an enrollment problem" card. Every text is capped;
 * the messages are written for the employee and name the field in their words.
 */
const NO_MESSAGE = 'Type the message you saw on screen (or "no message").';

export const employeeReportSchema = z
  .object({
    step: z.enum(ENROLLMENT_STEPS, { error: 'Choose the step where enrollment stopped.' }),
    errorText: z.preprocess(
      blankToUndefined,
      z
        .string({ error: NO_MESSAGE })
        .trim()
        .max(500, { error: 'The message is too long: keep it under 500 characters.' })
        .optional(),
    ),
    /** What the employee wants to ask the helpdesk ("Ask the helpdesk" on an answer card). */
    question: optionalText(500, 'The question'),
    deviceModel: optionalText(60, 'The device model'),
    osVersion: z.preprocess(blankToUndefined, osVersionText('The iOS version').optional()),
    ownership: z.preprocess(
      blankToUndefined,
      z
        .enum(['personal', 'company', 'unknown'], {
          error: 'Choose whether the device is yours or your organisation’s.',
        })
        .default('unknown'),
    ),
    when: z.preprocess(
      blankToUndefined,
      z
        .string({ error: 'The date must be text.' })
        .trim()
        .max(40, { error: 'The date is too long.' })
        .refine((v) => !Number.isNaN(Date.parse(v)), {
          error: 'Pick the date (and time) when it happened.',
        })
        .optional(),
    ),
  })
  // A report needs the message on screen, unless it is a question for the helpdesk.
  .refine((r) => Boolean(r.errorText ?? r.question), {
    path: ['errorText'],
    error: NO_MESSAGE,
    // Checked even when another field is wrong, so every problem shows at once.
    when: () => true,
  });

/** A validated employee report. */
export type EmployeeReport = z.infer<typeof employeeReportSchema>;

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The body of `POST /api/enrollment-failures` (a system feed, for example a job that reads Graph
 * `troubleshootingEvents`). Unknown properties are ignored so senders can add fields.
 * `eventId`, when sent, makes delivery idempotent: the same event id always maps to the same
 * ticket, so a sender's retry never files a second one.
 */
export const webhookReportSchema = z
  .object({
    user: z
      .string({ error: 'user is required: a UPN (name@domain) or an Entra object id.' })
      .trim()
      .max(256, { error: 'user is too long.' })
      .refine((v) => GUID.test(v) || UPN.test(v), {
        error: 'user must be a UPN (name@domain) or an Entra object id (GUID).',
      }),
    device: z
      .string({ error: 'device is required (model or family, for example "iPhone 13").' })
      .trim()
      .min(1, { error: 'device must not be empty.' })
      .max(100, { error: 'device is too long (100 characters at most).' }),
    osVersion: osVersionText('osVersion'),
    enrollmentType: z
      .string({ error: 'enrollmentType is required (Graph deviceEnrollmentType).' })
      .trim()
      .min(1, { error: 'enrollmentType must not be empty.' })
      .max(64, { error: 'enrollmentType is too long.' }),
    errorText: z
      .string({ error: 'errorText must be a string.' })
      .max(2000, { error: 'errorText is too long (2000 characters at most).' })
      .optional(),
    errorCode: z
      .string({ error: 'errorCode must be a string.' })
      .max(100, { error: 'errorCode is too long (100 characters at most).' })
      .optional(),
    failureCategory: z
      .enum(FAILURE_CATEGORIES, { error: 'failureCategory is not a Graph failureCategory value.' })
      .optional(),
    step: z.enum(ENROLLMENT_STEPS, { error: 'step is not a known step.' }).optional(),
    ownership: z
      .enum(['personal', 'company', 'unknown'], { error: 'ownership must be personal or company.' })
      .optional(),
    time: z.iso.datetime({
      offset: true,
      error: 'time is required: an ISO 8601 date-time such as 2025-03-01T09:30:00Z.',
    }),
    eventId: z
      .string({ error: 'eventId must be a string.' })
      .trim()
      .min(1, { error: 'eventId must not be empty.' })
      .max(200, { error: 'eventId is too long.' })
      .optional(),
  })
  .refine((r) => Boolean(r.errorText?.trim() || r.errorCode?.trim()), {
    path: ['errorText'],
    error: 'Send errorText or errorCode (or both).',
  });

/** A validated webhook report. */
export type WebhookReport = z.infer<typeof webhookReportSchema>;

/** Field name → first message, for 400 responses and card validation errors. */
export type FieldErrors = Record<string, string>;

/** The outcome of parsing untrusted input. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; fieldErrors: FieldErrors };

/** Flattens zod issues to one message per top-level field (`_` for the whole object). */
export function toFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '_';
    out[field] ??= issue.message;
  }
  return out;
}

/** Validates the employee's form data (`action.data` of the report card). */
export function parseEmployeeReport(input: unknown): ParseResult<EmployeeReport> {
  const r = employeeReportSchema.safeParse(input);
  return r.success
    ? { ok: true, value: r.data }
    : { ok: false, fieldErrors: toFieldErrors(r.error) };
}

/** Validates a webhook body (already JSON-parsed). */
export function parseWebhookReport(input: unknown): ParseResult<WebhookReport> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, fieldErrors: { _: 'The body must be a JSON object.' } };
  }
  const r = webhookReportSchema.safeParse(input);
  return r.success
    ? { ok: true, value: r.data }
    : { ok: false, fieldErrors: toFieldErrors(r.error) };
}
