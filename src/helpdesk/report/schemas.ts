/**
 * The two ways a failure report arrives, as zod schemas: the employee's form (`action.data` of
 * the report card) and the system webhook. Messages name the field in the employee's words.
 *
 * The messages come from the catalogue in English: the form's are `report.validation.*` (the
 * report form shows each in the employee's language by its English text, see
 * src/flows/helpdesk/card-data.ts), the webhook's are `intake.fields.*` (read by the system that
 * sends the report and its administrator, English only).
 */
import { z } from 'zod';

import { translator } from '../../i18n/catalogue';
import { ENROLLMENT_STEPS, FAILURE_CATEGORIES, parseOsVersion } from '../diagnosis';

/** The schemas' messages are English; readers get them translated where they are shown. */
const t = translator('en');

/** Card inputs send '' for untouched fields: treat it as "not given". */
function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

/** The messages of one text field: not text, and too long. */
interface TextMessages {
  notText: string;
  tooLong: string;
}

const optionalText = (max: number, messages: TextMessages) =>
  z.preprocess(
    blankToUndefined,
    z.string({ error: messages.notText }).trim().max(max, { error: messages.tooLong }).optional(),
  );

const osVersionText = (messages: TextMessages & { format: string }) =>
  z
    .string({ error: messages.notText })
    .trim()
    .max(40, { error: messages.tooLong })
    .refine((v) => parseOsVersion(v) !== undefined, { error: messages.format });

/**
 * What the employee fills in on the "Report an enrollment problem" card. Every text is capped;
 * the messages are written for the employee and name the field in their words.
 */
const NO_MESSAGE = t('report.validation.noMessage');

export const employeeReportSchema = z
  .object({
    step: z.enum(ENROLLMENT_STEPS, { error: t('report.validation.step') }),
    errorText: z.preprocess(
      blankToUndefined,
      z
        .string({ error: NO_MESSAGE })
        .trim()
        .max(500, { error: t('report.validation.messageTooLong') })
        .optional(),
    ),
    /** What the employee wants to ask the helpdesk ("Ask the helpdesk" on an answer card). */
    question: optionalText(500, {
      notText: t('report.validation.questionNotText'),
      tooLong: t('report.validation.questionTooLong'),
    }),
    deviceModel: optionalText(60, {
      notText: t('report.validation.deviceNotText'),
      tooLong: t('report.validation.deviceTooLong'),
    }),
    osVersion: z.preprocess(
      blankToUndefined,
      osVersionText({
        notText: t('report.validation.osNotText'),
        tooLong: t('report.validation.osTooLong'),
        format: t('report.validation.osFormat'),
      }).optional(),
    ),
    ownership: z.preprocess(
      blankToUndefined,
      z
        .enum(['personal', 'company', 'unknown'], { error: t('report.validation.ownership') })
        .default('unknown'),
    ),
    when: z.preprocess(
      blankToUndefined,
      z
        .string({ error: t('report.validation.dateNotText') })
        .trim()
        .max(40, { error: t('report.validation.dateTooLong') })
        .refine((v) => !Number.isNaN(Date.parse(v)), {
          error: t('report.validation.dateInvalid'),
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
      .string({ error: t('intake.fields.userRequired') })
      .trim()
      .max(256, { error: t('intake.fields.userTooLong') })
      .refine((v) => GUID.test(v) || UPN.test(v), { error: t('intake.fields.userFormat') }),
    device: z
      .string({ error: t('intake.fields.deviceRequired') })
      .trim()
      .min(1, { error: t('intake.fields.deviceEmpty') })
      .max(100, { error: t('intake.fields.deviceTooLong') }),
    osVersion: osVersionText({
      notText: t('intake.fields.osVersionNotText'),
      tooLong: t('intake.fields.osVersionTooLong'),
      format: t('intake.fields.osVersionFormat'),
    }),
    enrollmentType: z
      .string({ error: t('intake.fields.enrollmentTypeRequired') })
      .trim()
      .min(1, { error: t('intake.fields.enrollmentTypeEmpty') })
      .max(64, { error: t('intake.fields.enrollmentTypeTooLong') }),
    errorText: z
      .string({ error: t('intake.fields.errorTextNotString') })
      .max(2000, { error: t('intake.fields.errorTextTooLong') })
      .optional(),
    errorCode: z
      .string({ error: t('intake.fields.errorCodeNotString') })
      .max(100, { error: t('intake.fields.errorCodeTooLong') })
      .optional(),
    failureCategory: z
      .enum(FAILURE_CATEGORIES, { error: t('intake.fields.failureCategory') })
      .optional(),
    step: z.enum(ENROLLMENT_STEPS, { error: t('intake.fields.step') }).optional(),
    ownership: z
      .enum(['personal', 'company', 'unknown'], { error: t('intake.fields.ownership') })
      .optional(),
    time: z.iso.datetime({ offset: true, error: t('intake.fields.time') }),
    eventId: z
      .string({ error: t('intake.fields.eventIdNotString') })
      .trim()
      .min(1, { error: t('intake.fields.eventIdEmpty') })
      .max(200, { error: t('intake.fields.eventIdTooLong') })
      .optional(),
  })
  .refine((r) => Boolean(r.errorText?.trim() || r.errorCode?.trim()), {
    path: ['errorText'],
    error: t('intake.fields.errorTextOrCode'),
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
    return { ok: false, fieldErrors: { _: t('intake.fields.notObject') } };
  }
  const r = webhookReportSchema.safeParse(input);
  return r.success
    ? { ok: true, value: r.data }
    : { ok: false, fieldErrors: toFieldErrors(r.error) };
}
