/**
 * Devices ask for the service discovery file twice: the bare address and the address with
 * `user-identifier` and `model-family` query parameters (enrollment-facts.md, Prerequisites;
 * Microsoft documents both checks). A server rule that treats one differently (a WAF blocking
 * query strings, a rewrite that serves HTML for one) breaks enrollment on some devices only, so
 * the check fetches both and compares what came back.
 */
import { translator, type Translate } from '../../i18n/catalogue';
import { contentFindings } from '../content-checks';
import { excerpt, type DomainFinding } from '../findings';
import type { PinnedResponse } from '../pinned-https';

import type { CheckContext } from './context';
import { errorCode, fetchFollowing } from './safe-fetch';

function mediaType(response: PinnedResponse): string {
  return (response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function describeType(response: PinnedResponse, t: Translate): string {
  const type = mediaType(response);
  return type === ''
    ? t('discovery.variants.noType')
    : t('discovery.variants.type', { type: excerpt(type, 60) });
}

function contentOk(ctx: CheckContext, response: PinnedResponse, t: Translate): boolean {
  return (
    !response.truncated && contentFindings(ctx, response.body, t).every((f) => f.status === 'pass')
  );
}

/**
 * Fetches the bare address (no query) and compares it with the answer to the address with the
 * device's query. Returns null when there is nothing to compare (the main fetch got no 200).
 */
export async function queryVariantsFinding(
  ctx: CheckContext,
  withQuery: URL,
  withQueryResponse: PinnedResponse,
  t: Translate = translator('en'),
): Promise<DomainFinding | null> {
  const fix = t('discovery.variants.fix');
  if (withQueryResponse.status !== 200 || ctx.deadline.signal.aborted) return null;
  const bare = new URL(withQuery.href);
  bare.search = '';
  const base = { id: 'query-variants' as const };
  const outcome = await fetchFollowing(ctx, bare, ctx.maxRedirects);
  if (outcome.kind !== 'response') {
    const reason =
      outcome.kind === 'error'
        ? errorCode(outcome.error) || t('discovery.variants.noAnswer')
        : outcome.kind;
    return {
      ...base,
      status: 'fail',
      title: t('discovery.variants.bareFails'),
      detail: t('discovery.variants.bareFailsDetail', {
        url: `${bare.origin}${bare.pathname}`,
        reason: excerpt(reason, 40),
      }),
      fix,
    };
  }
  const plain = outcome.response;
  if (plain.status !== 200) {
    return {
      ...base,
      status: 'fail',
      title: t('discovery.variants.bareStatus', { status: plain.status }),
      detail: t('discovery.variants.bareStatusDetail', { status: plain.status }),
      fix,
    };
  }
  const queryJson = mediaType(withQueryResponse) === 'application/json';
  const plainJson = mediaType(plain) === 'application/json';
  if (queryJson !== plainJson) {
    return {
      ...base,
      status: 'fail',
      title: queryJson ? t('discovery.variants.bareNotJson') : t('discovery.variants.queryNotJson'),
      detail: t('discovery.variants.typesDiffer', {
        withQuery: describeType(withQueryResponse, t),
        without: describeType(plain, t),
      }),
      fix,
    };
  }
  const queryContent = contentOk(ctx, withQueryResponse, t);
  const plainContent = contentOk(ctx, plain, t);
  if (queryContent !== plainContent) {
    return {
      ...base,
      status: 'fail',
      title: t('discovery.variants.contentDiffers'),
      detail: queryContent
        ? t('discovery.variants.bareContentBad')
        : t('discovery.variants.queryContentBad'),
      fix,
    };
  }
  if (!queryJson) {
    return {
      ...base,
      status: 'warn',
      title: t('discovery.variants.neitherJson'),
      detail: t('discovery.variants.neitherJsonDetail', { type: describeType(plain, t) }),
      fix: t('discovery.variants.neitherJsonFix'),
    };
  }
  return {
    ...base,
    status: 'pass',
    title: t('discovery.variants.ok'),
    detail: t('discovery.variants.okDetail'),
  };
}
