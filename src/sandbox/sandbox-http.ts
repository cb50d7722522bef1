/** HTTP plumbing of the LOCAL INTUNE SANDBOX: replies, Graph-style failures and body reading. */
import type { IncomingMessage } from 'node:http';

/** Graph's JSON content type. */
export const JSON_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
/** Largest request body accepted. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** A handled response: JSON, text, or empty. */
export type Reply =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; text: string }
  | { status: 204 };

/** A Graph error answer, thrown inside the handler and turned into an error body. */
export class HttpFailure extends Error {
  public readonly status: number;
  public readonly code: string;
  public readonly headers: Record<string, string>;

  public constructor(
    status: number,
    code: string,
    message: string,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/** Graph's innerError date: ISO 8601 without fraction or zone. */
export function innerDate(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, '');
}

/** A 400 answer. */
export function badRequest(message: string, code = 'BadRequest'): HttpFailure {
  return new HttpFailure(400, code, message);
}

/** A 404 answer. */
export function notFound(message: string, code = 'ResourceNotFound'): HttpFailure {
  return new HttpFailure(404, code, message);
}

/** A 405 answer. */
export function methodNotAllowed(): HttpFailure {
  return new HttpFailure(
    405,
    'Request_BadRequest',
    'Specified HTTP method is not allowed for the request target.',
  );
}

/** The 403 Graph gives when the app lacks a permission. */
export function forbidden(): HttpFailure {
  return new HttpFailure(
    403,
    'Authorization_RequestDenied',
    'Insufficient privileges to complete the operation.',
  );
}

/** Reads a request body (bounded by {@link MAX_BODY_BYTES}). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES)
      throw new HttpFailure(413, 'RequestEntityTooLarge', 'The request body is too large.');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a JSON body; undefined when empty; 400 when not JSON. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req)).replace(/^\uFEFF/, '');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest(
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    );
  }
}
