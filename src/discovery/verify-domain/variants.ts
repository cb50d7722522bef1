/**
 * Devices ask for the service discovery file twice: the bare address and the address with
 * `user-identifier` and `model-family` query parameters (enrollment-facts.md, Prerequisites;
 * Microsoft documents both checks). A server rule that treats one differently (a WAF blocking
 * query strings, a rewrite that serves HTML for one) breaks enrollment on some devices only, so
 * the check fetches both and compares what came back.
 */
import { contentFindings } from '../content-checks';
import { excerpt, type DomainFinding } from '../findings';
import type { PinnedResponse } from '../pinned-https';

import type { CheckContext } from './context';
import { errorCode, fetchFollowing } from './safe-fetch';

function mediaType(response: PinnedResponse): string {
  return (response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function describeType(response: PinnedResponse): string {
  const type = mediaType(response);
  return type === '' ? 'no Content-Type' : `Content-Type ${excerpt(type, 60)}`;
}

function contentOk(ctx: CheckContext, response: PinnedResponse): boolean {
  return (
    !response.truncated && contentFindings(ctx, response.body).every((f) => f.status === 'pass')
  );
}

const FIX =
  'Serve the same file, with Content-Type: application/json, whether or not the address has a query string (check WAF, rewrite and caching rules).';

/**
 * Fetches the bare address (no query) and compares it with the answer to the address with the
 * device's query. Returns null when there is nothing to compare (the main fetch got no 200).
 */
export async function queryVariantsFinding(
  ctx: CheckContext,
  withQuery: URL,
  withQueryResponse: PinnedResponse,
): Promise<DomainFinding | null> {
  if (withQueryResponse.status !== 200 || ctx.deadline.signal.aborted) return null;
  const bare = new URL(withQuery.href);
  bare.search = '';
  const base = { id: 'query-variants' as const };
  const outcome = await fetchFollowing(ctx, bare, ctx.maxRedirects);
  if (outcome.kind !== 'response') {
    const reason =
      outcome.kind === 'error' ? errorCode(outcome.error) || 'no answer' : outcome.kind;
    return {
      ...base,
      status: 'fail',
      title: 'The address without the query does not answer',
      detail: `Devices also ask for ${bare.origin}${bare.pathname} with no query; that request failed (${excerpt(reason, 40)}).`,
      fix: FIX,
    };
  }
  const plain = outcome.response;
  if (plain.status !== 200) {
    return {
      ...base,
      status: 'fail',
      title: `Without the query the server answers ${plain.status}`,
      detail: `With the device's query the file is found (200); the bare address answers ${plain.status}. Devices send both requests.`,
      fix: FIX,
    };
  }
  const queryJson = mediaType(withQueryResponse) === 'application/json';
  const plainJson = mediaType(plain) === 'application/json';
  if (queryJson !== plainJson) {
    return {
      ...base,
      status: 'fail',
      title: queryJson
        ? 'Without the query the file is not sent as application/json'
        : 'With the query the file is not sent as application/json',
      detail: `With the device's query: ${describeType(withQueryResponse)}; without it: ${describeType(plain)}. Both must be application/json.`,
      fix: FIX,
    };
  }
  const queryContent = contentOk(ctx, withQueryResponse);
  const plainContent = contentOk(ctx, plain);
  if (queryContent !== plainContent) {
    return {
      ...base,
      status: 'fail',
      title: 'The two requests get different content',
      detail: `The ${queryContent ? 'bare address' : "address with the device's query"} does not get a valid file for this tenant, while the other does. Devices send both requests.`,
      fix: FIX,
    };
  }
  if (!queryJson) {
    return {
      ...base,
      status: 'warn',
      title: 'Neither request gets application/json',
      detail: `Both the bare address and the address with the device's query answer with ${describeType(plain)}.`,
      fix: 'Serve the file with the header Content-Type: application/json.',
    };
  }
  return {
    ...base,
    status: 'pass',
    title: 'Both requests devices make get the file',
    detail:
      "The bare address and the address with the device's user-identifier and model-family query both answer 200 with application/json.",
  };
}
