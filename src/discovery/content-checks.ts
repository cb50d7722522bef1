/**
 * Checks of the service discovery file's content, independent of how it was fetched.
 */
import { GRAPH_CLOUDS } from '../config/env';

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
function baseUrlFindings(ctx: ContentCheckContext, baseUrl: string): DomainFinding[] {
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
        title: 'BaseURL is not a URL',
        detail: `BaseURL is ${quote(baseUrl)}.`,
        fix: `Set BaseURL to ${expected}.`,
      },
    ];
  }
  const problems: string[] = [];
  let status: FindingStatus = 'pass';
  if (url.protocol !== 'https:') {
    problems.push(`it uses ${excerpt(url.protocol, 20)} instead of https:`);
    status = 'fail';
  }
  if (url.hostname.toLowerCase() !== expectedHost || url.port !== '') {
    const otherCloud = (Object.keys(GRAPH_CLOUDS) as DiscoveryCloud[]).find(
      (c) => GRAPH_CLOUDS[c].enrollmentHost === url.hostname.toLowerCase(),
    );
    problems.push(
      otherCloud === undefined
        ? `its host is ${quote(url.host, 80)}, not ${expectedHost}`
        : `its host ${url.hostname.toLowerCase()} is for another cloud (${otherCloud}); this tenant is in the ${ctx.cloud} cloud, which uses ${expectedHost}`,
    );
    status = 'fail';
  }
  if (url.pathname !== ENROLLMENT_PATH) {
    if (url.pathname.toLowerCase() === ENROLLMENT_PATH.toLowerCase()) {
      problems.push(`its path differs only in upper/lower case from ${ENROLLMENT_PATH}`);
      if (status === 'pass') status = 'warn';
    } else {
      problems.push(`its path is ${quote(url.pathname, 80)}, not ${ENROLLMENT_PATH}`);
      status = 'fail';
    }
  }
  const findings: DomainFinding[] = [
    status === 'pass'
      ? {
          id: 'base-url',
          status,
          title: `BaseURL points at Intune (${expectedHost})`,
          detail: `BaseURL uses https://${expectedHost}${ENROLLMENT_PATH}.`,
        }
      : {
          id: 'base-url',
          status,
          title:
            status === 'fail'
              ? 'BaseURL does not point at Intune for your cloud'
              : 'BaseURL looks unusual',
          detail: `In BaseURL, ${problems.join('; ')}.`,
          fix: `Set BaseURL to ${expected}.`,
        },
  ];
  findings.push(tenantFinding(ctx, url, expected));
  return findings;
}

/** Checks the `aadTenantId` query value of BaseURL. */
function tenantFinding(ctx: ContentCheckContext, url: URL, expected: string): DomainFinding {
  const fix = `Set BaseURL to ${expected}.`;
  let value = url.searchParams.get('aadTenantId');
  let nameNote = '';
  if (value === null) {
    const other = [...url.searchParams.keys()].find((k) => k.toLowerCase() === 'aadtenantid');
    if (other !== undefined) {
      value = url.searchParams.get(other);
      nameNote = ` The parameter is spelled ${quote(other, 40)}; Microsoft's file uses aadTenantId.`;
    }
  }
  if (value === null || value === '') {
    return {
      id: 'tenant',
      status: 'fail',
      title: 'BaseURL has no tenant ID',
      detail: 'BaseURL must end with ?aadTenantId= and your tenant ID.',
      fix,
    };
  }
  if (value.trim().toLowerCase() !== ctx.tenantId) {
    const placeholder = /your/i.test(value);
    return {
      id: 'tenant',
      status: 'fail',
      title: placeholder
        ? 'BaseURL still has the placeholder tenant ID'
        : 'BaseURL is for another tenant',
      detail: `aadTenantId is ${quote(value, 60)}, but this tenant is ${ctx.tenantId}.${nameNote}`,
      fix,
    };
  }
  return nameNote === ''
    ? {
        id: 'tenant',
        status: 'pass',
        title: 'BaseURL names this tenant',
        detail: `aadTenantId is ${ctx.tenantId}.`,
      }
    : {
        id: 'tenant',
        status: 'warn',
        title: 'BaseURL names this tenant, with an unusual parameter name',
        detail: `aadTenantId is ${ctx.tenantId}.${nameNote}`,
        fix,
      };
}

/**
 * Checks the body of a service discovery file: UTF-8, JSON, the `Servers` shape, an `mdm-byod`
 * server, its BaseURL (https, the cloud's enrollment host and path) and the tenant ID. Pure: the
 * remote body is only read, and quoted in short, cleaned excerpts.
 */
export function contentFindings(ctx: ContentCheckContext, body: Buffer): DomainFinding[] {
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
        title: 'The file is not UTF-8 text',
        detail: 'The body is not valid UTF-8, so it cannot be JSON.',
        fix: 'Save the file as UTF-8 (without BOM) and copy the JSON from this bot.',
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
        title: 'The file is not valid JSON',
        detail: html
          ? `The server sent an HTML page instead of the file: ${quote(text)}`
          : `The body is not valid JSON: ${quote(text)}`,
        fix: `Replace the file's content with the JSON from this bot: ${example}`,
      },
    ];
  }
  findings.push(
    hasBom
      ? {
          id: 'json',
          status: 'warn',
          title: 'The file is JSON, but starts with a byte order mark',
          detail: 'The file begins with a UTF-8 byte order mark (BOM), which some parsers reject.',
          fix: 'Save the file as UTF-8 without BOM.',
        }
      : {
          id: 'json',
          status: 'pass',
          title: 'The file is valid JSON',
          detail: 'The body parses as JSON.',
        },
  );

  const shapeFail = (detail: string): DomainFinding => ({
    id: 'shape',
    status: 'fail',
    title: 'The JSON does not have the expected structure',
    detail,
    fix: `Use exactly this structure: ${example}`,
  });
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    findings.push(shapeFail('The JSON must be an object with a "Servers" list.'));
    return findings;
  }
  const record = doc as Record<string, unknown>;
  const servers = record.Servers;
  if (!Array.isArray(servers)) {
    const other = Object.keys(record).find((k) => k.toLowerCase() === 'servers');
    findings.push(
      shapeFail(
        other !== undefined && other !== 'Servers'
          ? `The list is named ${quote(other, 40)}; names are case-sensitive and must be "Servers".`
          : 'There is no "Servers" list at the top level.',
      ),
    );
    return findings;
  }
  if (servers.length === 0) {
    findings.push(shapeFail('The "Servers" list is empty.'));
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
    findings.push(
      shapeFail(
        'No entry in "Servers" has both a "Version" and a "BaseURL" text value (names are case-sensitive).',
      ),
    );
    return findings;
  }
  findings.push(
    broken.length === 0
      ? {
          id: 'shape',
          status: 'pass',
          title: 'The JSON has the expected structure',
          detail: `"Servers" lists ${entries.length} server${entries.length === 1 ? '' : 's'} with Version and BaseURL.`,
        }
      : {
          id: 'shape',
          status: 'warn',
          title: 'Some server entries are incomplete',
          detail: `Entries ${broken.slice(0, 5).join(', ')}${broken.length > 5 ? ', …' : ''} of "Servers" lack a "Version" or "BaseURL" text value.`,
          fix: `Use exactly this structure: ${example}`,
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
      title: 'No server with Version "mdm-byod"',
      detail: `Found Version ${seen}${caseOnly ? ' (values are case-sensitive)' : ''}; account-driven User Enrollment needs "mdm-byod".`,
      fix: 'Set "Version" to "mdm-byod", in lower case.',
    });
    return findings;
  }
  findings.push({
    id: 'version',
    status: 'pass',
    title: 'A server has Version "mdm-byod"',
    detail: 'The entry for account-driven User Enrollment is present.',
  });
  findings.push(...baseUrlFindings(ctx, byod.baseUrl));
  return findings;
}
