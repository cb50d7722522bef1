/**
 * The catalogue of the domain and service discovery findings (`discovery`, admin text: English
 * only, another language falls back to English string by string). Every key the discovery code
 * and its two cards use exists in English, every English key is used, the files hold no sentence
 * of their own, and the English the code builds is what it was before the move.
 */
import fs from 'node:fs';
import path from 'node:path';

import { contentFindings } from '../../../src/discovery/content-checks';
import {
  domainCheckCardData,
  renderDomainCheckCard,
  renderServiceDiscoveryCard,
  serviceDiscoveryCardData,
} from '../../../src/discovery/discovery-cards';
import { normaliseDomain } from '../../../src/discovery/domain-name';
import type { DomainCheckReport } from '../../../src/discovery/findings';
import { assertCloud, HOSTING_RULES, hostingRules } from '../../../src/discovery/service-discovery';
import { redirectFinding } from '../../../src/discovery/verify-domain/response-findings';
import { EMPLOYEE_AREAS, readCatalogue, translator } from '../../../src/i18n/catalogue';
import { LANGUAGES } from '../../../src/i18n/languages';
import { hasKeyOrPlural, keysNamedIn, leaves } from '../../helpers/catalogue-keys';
import { cardLiterals, userLiterals } from '../../helpers/user-literals';

const root = path.resolve(__dirname, '../../..');
const trees = readCatalogue();
const TENANT = '6f1c3f9e-7d1a-4a55-9d8e-2b8f8f2a9c01';

/** The files whose strings live in the `discovery` area. */
const SOURCES = [
  'src/discovery/content-checks.ts',
  'src/discovery/discovery-cards.ts',
  'src/discovery/domain-name.ts',
  'src/discovery/service-discovery.ts',
  'src/discovery/tls/findings.ts',
  'src/discovery/verify-domain/response-findings.ts',
  'src/discovery/verify-domain/safe-fetch.ts',
  'src/discovery/verify-domain/variants.ts',
  'src/discovery/verify-domain/verify.ts',
];
const CARDS = ['cards/domain-check.json', 'cards/service-discovery.json'];

const english = new Map(leaves(trees.en.discovery ?? {}, 'discovery'));
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** The key itself or its plural forms. */
function has(key: string): boolean {
  return hasKeyOrPlural(english, key);
}

/**
 * Every `discovery.*` key the code and cards name: quoted in code (calls and the key tables of
 * clouds, certificate and connection errors, lost redirects, hosting rules) and as card tokens.
 */
function usedKeys(): Set<string> {
  return keysNamedIn(
    { code: SOURCES.map((f) => path.join(root, f)), cards: CARDS.map((f) => path.join(root, f)) },
    /'(discovery\.[a-zA-Z0-9_.-]+)'/g,
  );
}

describe('the discovery catalogue', () => {
  const used = usedKeys();

  it('has, in English, every key the discovery code and cards use', () => {
    expect(used.size).toBeGreaterThan(200);
    // A key built at run time would escape the scan.
    const built = SOURCES.filter((f) =>
      /\bt\(\s*`/.test(fs.readFileSync(path.join(root, f), 'utf8')),
    );
    expect(built).toEqual([]);
    expect([...used].filter((k) => !has(k)).sort()).toEqual([]);
  });

  it('uses every English key of its area (no string left behind)', () => {
    const unused = [...english.keys()].filter((k) => !used.has(k.replace(PLURAL, ''))).sort();
    expect(unused).toEqual([]);
  });

  it('is English only and falls back to English in every other language', () => {
    expect(EMPLOYEE_AREAS).not.toContain('discovery');
    for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
      expect(trees[lang].discovery).toBeUndefined();
      expect(translator(lang)('discovery.redirects.behind', { count: 2 })).toBe(
        'The file is behind 2 redirects',
      );
    }
  });

  it('holds no card binding', () => {
    expect([...english].filter(([, v]) => v.includes('${')).map(([k]) => k)).toEqual([]);
  });

  it('leaves no sentence in the discovery code or its cards', () => {
    const code = SOURCES.flatMap((f) => userLiterals(path.join(root, f)).map((s) => `${f}: ${s}`));
    expect(code).toEqual([]);
    const cards = CARDS.flatMap((f) =>
      cardLiterals(JSON.parse(fs.readFileSync(path.join(root, f), 'utf8'))).map(
        (s) => `${f}: ${s}`,
      ),
    );
    expect(cards).toEqual([]);
  });
});

describe('the English the discovery code builds', () => {
  const ctx = { cloud: 'global' as const, tenantId: TENANT };
  const expected = `https://manage.microsoft.com/EnrollmentServer/PostReportDeviceInfoForUEV2?aadTenantId=${TENANT}`;
  const file = (servers: unknown): Buffer => Buffer.from(JSON.stringify({ Servers: servers }));

  it('words the content findings as before', () => {
    const good = contentFindings(ctx, file([{ Version: 'mdm-byod', BaseURL: expected }]));
    expect(good.map((f) => [f.status, f.title, f.detail])).toEqual([
      ['pass', 'The file is valid JSON', 'The body parses as JSON.'],
      [
        'pass',
        'The JSON has the expected structure',
        '"Servers" lists 1 server with Version and BaseURL.',
      ],
      [
        'pass',
        'A server has Version "mdm-byod"',
        'The entry for account-driven User Enrollment is present.',
      ],
      [
        'pass',
        'BaseURL points at Intune (manage.microsoft.com)',
        'BaseURL uses https://manage.microsoft.com/EnrollmentServer/PostReportDeviceInfoForUEV2.',
      ],
      ['pass', 'BaseURL names this tenant', `aadTenantId is ${TENANT}.`],
    ]);

    const other = contentFindings(
      ctx,
      file([
        { Version: 'mdm-byod', BaseURL: expected.replace('aadTenantId', 'AADTenantID') },
        { Version: 'x' },
      ]),
    );
    const byId = new Map(other.map((f) => [f.id, f]));
    expect(byId.get('shape')?.detail).toBe(
      'Entries 2 of "Servers" lack a "Version" or "BaseURL" text value.',
    );
    expect(byId.get('tenant')).toEqual({
      id: 'tenant',
      status: 'warn',
      title: 'BaseURL names this tenant, with an unusual parameter name',
      detail: `aadTenantId is ${TENANT}. The parameter is spelled "AADTenantID"; Microsoft's file uses aadTenantId.`,
      fix: `Set BaseURL to ${expected}.`,
    });

    const wrong = contentFindings(
      ctx,
      file([
        {
          Version: 'mdm-byod',
          BaseURL: `http://manage.microsoft.us/enrollmentserver/PostReportDeviceInfoForUEV2?aadTenantId=${TENANT}`,
        },
      ]),
    );
    expect(wrong.find((f) => f.id === 'base-url')?.detail).toBe(
      'In BaseURL, it uses http: instead of https:; its host manage.microsoft.us is for another cloud (usgov); this tenant is in the global cloud, which uses manage.microsoft.com; its path differs only in upper/lower case from /EnrollmentServer/PostReportDeviceInfoForUEV2.',
    );

    const version = contentFindings(ctx, file([{ Version: 'MDM-BYOD', BaseURL: expected }]));
    expect(version.find((f) => f.id === 'version')?.detail).toBe(
      'Found Version "MDM-BYOD" (values are case-sensitive); account-driven User Enrollment needs "mdm-byod".',
    );
  });

  it('keeps remote text that looks like a placeholder or a nested key as it is', () => {
    const [finding] = contentFindings(ctx, Buffer.from('{{count}} $t(discovery.tls.ems) nope'));
    expect(finding?.detail).toBe(
      'The body is not valid JSON: "{{count}} $t(discovery.tls.ems) nope"',
    );
  });

  it('words the redirect findings and their plurals as before', () => {
    const url = (p: string): URL => new URL(`https://contoso.example${p}`);
    const wk = '/.well-known/com.apple.remotemanagement';
    const response = { status: 200, headers: {}, body: Buffer.alloc(0), truncated: false };
    const chain = (...urls: URL[]) => ({ kind: 'response' as const, response, chain: urls });
    expect(redirectFinding(chain(url(`${wk}?a=1`), url(`/x${wk}?a=1`)))).toMatchObject({
      title: 'A redirect drops the path',
      detail: `https://contoso.example${wk} → https://contoso.example/x${wk}. Devices follow a redirect only to the same file with the same user-identifier and model-family query; this one loses the path.`,
    });
    expect(redirectFinding(chain(url(`${wk}?a=1`), url('/other')))?.title).toBe(
      'A redirect drops the path and the query',
    );
    expect(redirectFinding(chain(url(wk), url(wk), url(wk)))?.title).toBe(
      'The file is behind 2 redirects',
    );
    expect(redirectFinding(chain(url(wk), url(wk)))?.title).toBe('The file is behind 1 redirect');
    expect(redirectFinding(chain(url(wk)))?.title).toBe('No redirects');
  });

  it('words the domain name refusals as before', () => {
    const message = (input: string): string => {
      try {
        normaliseDomain(input);
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(message('https://contoso.com')).toBe(
      'Enter just the domain name, without https:// (for example contoso.com).',
    );
    expect(message('contoso.123')).toBe(
      'That is not a valid domain name: the last part cannot be a number.',
    );
    expect(message('printer.local')).toBe(
      'That is a local name, not a public domain users sign in with.',
    );
    expect(() => assertCloud('mars')).toThrow(
      'The cloud must be one of global, usgov, usgovdod, china.',
    );
  });

  it('words the cards as before', () => {
    expect(hostingRules(translator('de'))).toEqual([...HOSTING_RULES]);
    expect(HOSTING_RULES[1]).toBe(
      'Serve it at /.well-known/com.apple.remotemanagement, with no file extension (not .json).',
    );
    const data = serviceDiscoveryCardData({
      cloud: 'usgov',
      tenantId: TENANT,
      signInDomain: 'contoso.com',
    });
    expect(data.cloudNote).toBe(
      `Microsoft Intune for US Government (GCC High) · manage.microsoft.us · tenant ${TENANT}`,
    );
    expect(data.verifyHint).toBe(
      'When it is published, send **verify domain contoso.com** and I will check it like a device would.',
    );
    expect([data.verifyTitle, data.verifyCommand]).toEqual([
      'Verify contoso.com',
      'verify domain contoso.com',
    ]);
    expect(data.domainNote).toBe(
      'Use the domain in your users\u2019 sign-in names: the part after @ (the UPN suffix). If users sign in with several domains, publish the file on each of them.',
    );
    const card = JSON.stringify(
      renderServiceDiscoveryCard({ cloud: 'global', tenantId: TENANT }, 'fr').attachment,
    );
    for (const label of ['Where to publish it', 'The file', 'How to host it']) {
      expect(card).toContain(`"text":"${label}"`);
    }

    const report = (statuses: ('pass' | 'warn' | 'fail')[], ok = true): DomainCheckReport => ({
      domain: 'contoso.com',
      url: 'https://contoso.com/.well-known/com.apple.remotemanagement',
      ok,
      findings: statuses.map((status) => ({ id: 'dns', status, title: 'T', detail: 'D' })),
    });
    expect(domainCheckCardData(report(['fail', 'fail', 'warn'], false))).toMatchObject({
      verdict: '❌ 2 problems stop account-driven enrollment for this domain.',
      fallbackText: expect.stringMatching(/: problems found \(2 failed, 1 warnings\)\.$/),
    });
    expect(domainCheckCardData(report(['warn'])).verdict).toBe(
      '⚠️ The file works, with 1 warning worth fixing.',
    );
    expect(domainCheckCardData(report(['warn', 'warn'])).verdict).toBe(
      '⚠️ The file works, with 2 warnings worth fixing.',
    );
    const check = JSON.stringify(
      renderDomainCheckCard({
        ...report(['fail'], false),
        findings: [{ id: 'dns', status: 'fail', title: 'T', detail: 'D', fix: 'Do it.' }],
      }).attachment,
    );
    expect(check).toContain('"text":"**URL checked:** https://contoso.com/');
    expect(check).toContain('"text":"**Fix:** Do it.');
  });
});
