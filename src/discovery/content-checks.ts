/**
 * Checks of the service discovery file's content, independent of how it was fetched.
 */
import { GRAPH_CLOUDS } from '../config/env';
import { translator, type Translate } from '../i18n/catalogue';

import { excerpt, quote, type DomainFinding, type FindingStatus } from './findings';
import {
  ENROLLMENT_PATH,
  enrollmentHost,
  MDM_BYOD_VERSION,
  serviceDiscoveryText,
  type DiscoveryCloud,
} from './service-discovery';

/** What the content is checked against. */
export interface ContentCheckContext {
  cloud: DiscoveryCloud;
  /** The tenant ID, lower case. */
  tenantId: string;
}

/** Builds the findings about the BaseURL of the mdm-byod server. */
function baseUrlFindings(ctx: ContentCheckContext, baseUrl: string, t: Translate): DomainFinding[] {
  const expectedHost = enrollmentHost(ctx.cloud);
  const expected = `https://${expectedHost}${ENROLLMENT_PATH}?aadTenantId=${ctx.tenantId}`;
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return [
      {
        id: 'base-url',
        status: 'fail',
        title: t('discovery.content.baseUrlNotUrl'),
        detail: t('discovery.content.baseUrlIs', { value: quote(baseUrl) }),
        fix: t('discovery.content.setBaseUrl', { expected }),
      },
    ];
  }
  const problems: string[] = [];
  let status: FindingStatus = 'pass';
  if (url.protocol !== 'https:') {
    problems.push(t('discovery.content.notHttps', { protocol: excerpt(url.protocol, 20) }));
    status = 'fail';
  }
  if (url.hostname.toLowerCase() !== expectedHost || url.port !== '') {
    const otherCloud = (Object.keys(GRAPH_CLOUDS) as DiscoveryCloud[]).find(
      (c) => GRAPH_CLOUDS[c].enrollmentHost === url.hostname.toLowerCase(),
    );
    problems.push(
      otherCloud === undefined
        ? t('discovery.content.otherHost', { host: quote(url.host, 80), expectedHost })
        : t('discovery.content.otherCloudHost', {
            host: url.hostname.toLowerCase(),
            otherCloud,
            cloud: ctx.cloud,
            expectedHost,
          }),
    );
    status = 'fail';
  }
  if (url.pathname !== ENROLLMENT_PATH) {
    if (url.pathname.toLowerCase() === ENROLLMENT_PATH.toLowerCase()) {
      problems.push(t('discovery.content.pathCase', { path: ENROLLMENT_PATH }));
      if (status === 'pass') status = 'warn';
    } else {
      problems.push(
        t('discovery.content.otherPath', { found: quote(url.pathname, 80), path: ENROLLMENT_PATH }),
      );
      status = 'fail';
    }
  }
  const findings: DomainFinding[] = [
    status === 'pass'
      ? {
          id: 'base-url',
          status,
          title: t('discovery.content.baseUrlOk', { expectedHost }),
          detail: t('discovery.content.baseUrlOkDetail', { expectedHost, path: ENROLLMENT_PATH }),
        }
      : {
          id: 'base-url',
          status,
          title:
            status === 'fail'
              ? t('discovery.content.baseUrlWrong')
              : t('discovery.content.baseUrlUnusual'),
          detail: t('discovery.content.baseUrlProblems', { problems: problems.join('; ') }),
          fix: t('discovery.content.setBaseUrl', { expected }),
        },
  ];
  findings.push(tenantFinding(ctx, url, expected, t));
  return findings;
}

/** A detail sentence followed by the note about the parameter's spelling, if there is one. */
const withNote = (detail: string, note: string): string =>
  note === '' ? detail : `${detail} ${note}`;

/** Checks the `aadTenantId` query value of BaseURL. */
function tenantFinding(
  ctx: ContentCheckContext,
  url: URL,
  expected: string,
  t: Translate,
): DomainFinding {
  const fix = t('discovery.content.setBaseUrl', { expected });
  let value = url.searchParams.get('aadTenantId');
  let nameNote = '';
  if (value === null) {
    const other = [...url.searchParams.keys()].find((k) => k.toLowerCase() === 'aadtenantid');
    if (other !== undefined) {
      value = url.searchParams.get(other);
      nameNote = t('discovery.content.tenantParamName', { name: quote(other, 40) });
    }
  }
  if (value === null || value === '') {
    return {
      id: 'tenant',
      status: 'fail',
      title: t('discovery.content.tenantMissing'),
      detail: t('discovery.content.tenantMissingDetail'),
      fix,
    };
  }
  if (value.trim().toLowerCase() !== ctx.tenantId) {
    const placeholder = /your/i.test(value);
    return {
      id: 'tenant',
      status: 'fail',
      title: placeholder
        ? t('discovery.content.tenantPlaceholder')
        : t('discovery.content.tenantOther'),
      detail: withNote(
        t('discovery.content.tenantOtherDetail', {
          value: quote(value, 60),
          tenantId: ctx.tenantId,
        }),
        nameNote,
      ),
      fix,
    };
  }
  return nameNote === ''
    ? {
        id: 'tenant',
        status: 'pass',
        title: t('discovery.content.tenantOk'),
        detail: t('discovery.content.tenantOkDetail', { tenantId: ctx.tenantId }),
      }
    : {
        id: 'tenant',
        status: 'warn',
        title: t('discovery.content.tenantOkUnusualName'),
        detail: withNote(
          t('discovery.content.tenantOkDetail', { tenantId: ctx.tenantId }),
          nameNote,
        ),
        fix,
      };
}

/**
 * Checks the body of a service discovery file: UTF-8, JSON, the `Servers` shape, an `mdm-byod`
 * server, its BaseURL (https, the cloud's enrollment host and path) and the tenant ID. Pure: the
 * remote body is only read, and quoted in short, cleaned excerpts.
 */
export function contentFindings(
  ctx: ContentCheckContext,
  body: Buffer,
  t: Translate = translator('en'),
): DomainFinding[] {
  const findings: DomainFinding[] = [];
  const example = serviceDiscoveryText(ctx.cloud, ctx.tenantId);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return [
      {
        id: 'json',
        status: 'fail',
        title: t('discovery.content.notUtf8'),
        detail: t('discovery.content.notUtf8Detail'),
        fix: t('discovery.content.notUtf8Fix'),
      },
    ];
  }
  // TextDecoder drops a leading BOM by default; look for it in the bytes.
  const hasBom = body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    const html = /^\s*</.test(text);
    return [
      {
        id: 'json',
        status: 'fail',
        title: t('discovery.content.notJson'),
        detail: html
          ? t('discovery.content.htmlPage', { excerpt: quote(text) })
          : t('discovery.content.notJsonDetail', { excerpt: quote(text) }),
        fix: t('discovery.content.notJsonFix', { example }),
      },
    ];
  }
  findings.push(
    hasBom
      ? {
          id: 'json',
          status: 'warn',
          title: t('discovery.content.bom'),
          detail: t('discovery.content.bomDetail'),
          fix: t('discovery.content.bomFix'),
        }
      : {
          id: 'json',
          status: 'pass',
          title: t('discovery.content.json'),
          detail: t('discovery.content.jsonDetail'),
        },
  );

  const shapeFail = (detail: string): DomainFinding => ({
    id: 'shape',
    status: 'fail',
    title: t('discovery.content.shapeWrong'),
    detail,
    fix: t('discovery.content.shapeFix', { example }),
  });
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    findings.push(shapeFail(t('discovery.content.notObject')));
    return findings;
  }
  const record = doc as Record<string, unknown>;
  const servers = record.Servers;
  if (!Array.isArray(servers)) {
    const other = Object.keys(record).find((k) => k.toLowerCase() === 'servers');
    findings.push(
      shapeFail(
        other !== undefined && other !== 'Servers'
          ? t('discovery.content.serversCase', { name: quote(other, 40) })
          : t('discovery.content.noServers'),
      ),
    );
    return findings;
  }
  if (servers.length === 0) {
    findings.push(shapeFail(t('discovery.content.serversEmpty')));
    return findings;
  }
  const entries: { version: string; baseUrl: string }[] = [];
  const broken: number[] = [];
  servers.forEach((s: unknown, i) => {
    const o = s && typeof s === 'object' ? (s as Record<string, unknown>) : {};
    if (typeof o.Version === 'string' && typeof o.BaseURL === 'string') {
      entries.push({ version: o.Version, baseUrl: o.BaseURL });
    } else {
      broken.push(i + 1);
    }
  });
  if (entries.length === 0) {
    findings.push(shapeFail(t('discovery.content.noCompleteEntry')));
    return findings;
  }
  findings.push(
    broken.length === 0
      ? {
          id: 'shape',
          status: 'pass',
          title: t('discovery.content.shape'),
          detail: t('discovery.content.shapeDetail', { count: entries.length }),
        }
      : {
          id: 'shape',
          status: 'warn',
          title: t('discovery.content.incomplete'),
          detail: t('discovery.content.incompleteDetail', {
            entries: `${broken.slice(0, 5).join(', ')}${broken.length > 5 ? ', …' : ''}`,
          }),
          fix: t('discovery.content.shapeFix', { example }),
        },
  );

  const byod = entries.find((e) => e.version === MDM_BYOD_VERSION);
  if (byod === undefined) {
    const seen = entries
      .slice(0, 3)
      .map((e) => quote(e.version, 30))
      .join(', ');
    const caseOnly = entries.some((e) => e.version.trim().toLowerCase() === MDM_BYOD_VERSION);
    findings.push({
      id: 'version',
      status: 'fail',
      title: t('discovery.content.noByod'),
      detail: caseOnly
        ? t('discovery.content.noByodCaseDetail', { seen })
        : t('discovery.content.noByodDetail', { seen }),
      fix: t('discovery.content.noByodFix'),
    });
    return findings;
  }
  findings.push({
    id: 'version',
    status: 'pass',
    title: t('discovery.content.byod'),
    detail: t('discovery.content.byodDetail'),
  });
  findings.push(...baseUrlFindings(ctx, byod.baseUrl, t));
  return findings;
}
