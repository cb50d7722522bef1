import fs from 'node:fs';
import path from 'node:path';

import { compileTemplate, MAX_CARD_BYTES } from '../../../src/cards/render';
import { escapeCardText } from '../../../src/cards/text';
import {
  domainCheckCardData,
  MAX_CARD_FINDINGS,
  renderDomainCheckCard,
  renderServiceDiscoveryCard,
} from '../../../src/discovery/discovery-cards';
import { serviceDiscoveryText } from '../../../src/discovery/service-discovery';
import type {
  DomainCheckReport,
  DomainFinding,
  FindingId,
  FindingStatus,
} from '../../../src/discovery/verify-domain';
import { validateCard, textBlocks } from '../../helpers/card-validation';

import { DISCOVERY_CARD_SAMPLES, HOSTILE_REPORT } from './card-samples';

const TENANT = '6f1c3f9e-7d1a-4a55-9d8e-2b8f8f2a9c01';
const CARDS_DIR = path.resolve(__dirname, '../../../cards');

const bytes = (card: object): number => Buffer.byteLength(JSON.stringify(card), 'utf8');

describe('renderServiceDiscoveryCard', () => {
  it('shows the exact file, where to host it, the rules and both buttons', () => {
    const { attachment, summary } = renderServiceDiscoveryCard({
      cloud: 'usgov',
      tenantId: TENANT,
      signInDomain: 'Contoso.com',
      downloadUrl: 'https://bot.contoso.com/.well-known/com.apple.remotemanagement',
    });
    const card = attachment.content;
    expect(validateCard(card)).toEqual([]);
    expect(summary).toMatch(/Service discovery/);
    const all = textBlocks(card);
    expect(all).toContain(serviceDiscoveryText('usgov', TENANT));
    expect(all).toContain(
      `https://${escapeCardText('contoso.com')}/.well-known/com.apple.remotemanagement`,
    );
    expect(all.join('\n')).toMatch(/after @/);
    expect(all.join('\n')).toContain(`**verify domain ${escapeCardText('contoso.com')}**`);
    expect(all.filter((t) => t.startsWith('- ')).length).toBeGreaterThanOrEqual(5);
    const actions = card.actions as Record<string, unknown>[];
    expect(actions).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'Download the file',
        url: 'https://bot.contoso.com/.well-known/com.apple.remotemanagement',
      },
      {
        type: 'Action.Submit',
        title: 'Verify contoso.com',
        data: { msteams: { type: 'imBack', value: 'verify domain contoso.com' } },
      },
    ]);
    const jsonBlock = JSON.stringify(card).includes('"fontType":"Monospace"');
    expect(jsonBlock).toBe(true);
  });

  it('hides the buttons without a download URL or sign-in domain', () => {
    const card = renderServiceDiscoveryCard({ cloud: 'global', tenantId: TENANT }).attachment
      .content;
    expect(validateCard(card)).toEqual([]);
    expect(card.actions ?? []).toEqual([]);
    expect(textBlocks(card).join('\n')).toMatch(/your-sign-in-domain/);
  });

  it.each([
    'http://bot.contoso.com/file',
    'data:application/json;base64,e30=',
    'javascript:alert(1)',
    'https://user:pw@bot.contoso.com/x',
    'not a url',
  ])('drops the unsafe download URL %p', (downloadUrl) => {
    const card = renderServiceDiscoveryCard({ cloud: 'global', tenantId: TENANT, downloadUrl })
      .attachment.content;
    expect(JSON.stringify(card)).not.toContain('Download the file');
  });

  it('ignores an invalid sign-in domain instead of showing it', () => {
    const card = renderServiceDiscoveryCard({
      cloud: 'global',
      tenantId: TENANT,
      signInDomain: '**evil** ${x}',
    }).attachment.content;
    expect(validateCard(card)).toEqual([]);
    expect(JSON.stringify(card)).not.toContain('evil');
  });

  it('refuses a bad tenant ID', () => {
    expect(() => renderServiceDiscoveryCard({ cloud: 'global', tenantId: 'x' })).toThrow(/GUID/);
  });
});

describe('renderDomainCheckCard', () => {
  const passing: DomainCheckReport = {
    domain: 'contoso.com',
    url: 'https://contoso.com/.well-known/com.apple.remotemanagement?user-identifier=user%40contoso.com&model-family=iPhone',
    ok: true,
    findings: [
      { id: 'https', status: 'pass', title: 'Reachable', detail: 'Fine.' },
      {
        id: 'content-type',
        status: 'warn',
        title: 'Content type is not application/json',
        detail: 'text/plain',
        fix: 'Use application/json.',
      },
    ],
  };

  it('shows a verdict, the domain, the URL and one block per finding with icon and fix', () => {
    const { attachment, summary } = renderDomainCheckCard(passing);
    const card = attachment.content;
    expect(validateCard(card)).toEqual([]);
    const all = textBlocks(card);
    expect(all.some((t) => t.startsWith('⚠️ The file works'))).toBe(true);
    expect(all).toContain('✅ **Reachable**');
    expect(all).toContain('⚠️ **Content type is not application/json**');
    expect(all).toContain(`**Fix:** ${escapeCardText('Use application/json.')}`);
    expect(all.filter((t) => t.startsWith('**Fix:**'))).toHaveLength(1);
    expect(all).toContain(`**Domain:** ${escapeCardText('contoso.com')}`);
    expect(card.fallbackText).toMatch(/contoso\.com: OK \(0 failed, 1 warnings\)/);
    expect(summary).toBe(card.fallbackText);
  });

  it('says so when everything passes, and when something fails', () => {
    const allPass = renderDomainCheckCard({
      ...passing,
      findings: [passing.findings[0]!],
    }).attachment.content;
    expect(textBlocks(allPass)[1]).toMatch(/^✅ The service discovery file is published correctly/);
    const failing = renderDomainCheckCard({
      ...passing,
      ok: false,
      findings: [{ id: 'status', status: 'fail', title: 'Not found', detail: '404', fix: 'x' }],
    }).attachment.content;
    expect(textBlocks(failing)[1]).toMatch(/^❌ 1 problem stops/);
    expect(JSON.stringify(failing)).toContain('"color":"Attention"');
  });

  it('escapes hostile remote text and stays under the size limit', () => {
    const { attachment } = renderDomainCheckCard(HOSTILE_REPORT);
    const card = attachment.content;
    expect(validateCard(card)).toEqual([]);
    expect(bytes(card)).toBeLessThan(MAX_CARD_BYTES);
    const text = JSON.stringify(card);
    expect(text).not.toContain('${');
    const blocks = textBlocks(card).join('\n');
    // Markdown that would render (bold, links, HTML, code) only appears escaped.
    expect(blocks).toContain(escapeCardText('**dns** [click](https://evil.example)'));
    expect(blocks).not.toMatch(/(^|[^\\])\[click/);
    expect(blocks).not.toMatch(/(^|[^\\])<b>/);
    expect(blocks).not.toMatch(/(^|[^\\])`code/);
    const findingTitles = textBlocks(card).filter((t) => /^(✅|⚠️|❌) /.test(t));
    expect(findingTitles).toHaveLength(HOSTILE_REPORT.findings.length + 1); // + verdict line
  });

  it('lists what needs fixing first, then warnings, then what passed', () => {
    const f = (id: FindingId, status: FindingStatus): DomainFinding => ({
      id,
      status,
      title: `${id} ${status}`,
      detail: '',
    });
    const data = domainCheckCardData({
      domain: 'contoso.example',
      url: 'https://contoso.example/.well-known/com.apple.remotemanagement',
      ok: false,
      findings: [
        f('dns', 'pass'),
        f('content-type', 'warn'),
        f('tls-ciphers', 'fail'),
        f('status', 'pass'),
        f('tls-ems', 'fail'),
      ],
    });
    expect(data.findings.map((x) => x.title)).toEqual([
      'tls-ciphers fail',
      'tls-ems fail',
      'content-type warn',
      'dns pass',
      'status pass',
    ]);
  });

  it('caps the number of findings and says how many are hidden', () => {
    const many: DomainCheckReport = {
      ...HOSTILE_REPORT,
      findings: Array.from({ length: 40 }, () => HOSTILE_REPORT.findings[1]!),
    };
    const data = domainCheckCardData(many);
    expect(data.findings).toHaveLength(MAX_CARD_FINDINGS);
    expect(data.moreNote).toMatch(new RegExp(`${40 - MAX_CARD_FINDINGS} more findings`));
    const card = renderDomainCheckCard(many).attachment.content;
    expect(validateCard(card)).toEqual([]);
  });

  it('survives 10,000 characters of emoji, lone surrogates and bidi controls in every field', () => {
    const nasty = `${'\ud83d'}${'👩‍💻'.repeat(3000)}\u202e${'\ud800x'.repeat(2000)}`;
    const report: DomainCheckReport = {
      domain: nasty,
      url: nasty,
      ok: false,
      findings: Array.from({ length: 14 }, () => ({
        id: 'json' as const,
        status: 'fail' as const,
        title: nasty,
        detail: nasty,
        fix: nasty,
      })),
    };
    const card = renderDomainCheckCard(report).attachment.content;
    expect(validateCard(card)).toEqual([]);
    expect(bytes(card)).toBeLessThan(MAX_CARD_BYTES);
    expect(JSON.stringify(card)).not.toMatch(/\\ud[89ab]/);
    expect(JSON.stringify(card)).not.toContain('\u202e');
  });
});

describe('discovery card samples', () => {
  it.each(Object.keys(DISCOVERY_CARD_SAMPLES))('%s binds its sample and validates', (file) => {
    const json = JSON.parse(fs.readFileSync(path.join(CARDS_DIR, file), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(json.version).toBe('1.5');
    const card = compileTemplate(file, json).bind(DISCOVERY_CARD_SAMPLES[file]!);
    expect(validateCard(card)).toEqual([]);
  });
});
