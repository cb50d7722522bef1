import type { CertificateFacts } from '../../../src/discovery/tls/certificate';
import { tlsFindings } from '../../../src/discovery/tls/findings';
import type { Handshake, TlsProbeResult } from '../../../src/discovery/tls/probe';

const NOW = new Date('2026-12-04T10:00:00Z');

const cert = (patch: Partial<CertificateFacts> = {}): CertificateFacts => ({
  name: 'contoso.example',
  keyType: 'rsa',
  keyBits: 2048,
  signatureAlgorithm: 'sha256WithRSAEncryption',
  signatureHash: 'sha256',
  validFrom: new Date('2026-06-01T00:00:00Z'),
  validTo: new Date('2027-06-01T00:00:00Z'),
  selfIssued: false,
  ...patch,
});

const tls12 = (patch: Partial<Handshake> = {}): Handshake => ({
  ok: true,
  protocol: 'TLSv1.2',
  cipher: 'ECDHE-RSA-AES128-GCM-SHA256',
  extensions: [65281, 23],
  chain: [cert()],
  ...patch,
});

const byId = (results: TlsProbeResult[]): Record<string, { status: string; detail: string }> =>
  Object.fromEntries(
    tlsFindings(results, NOW).map((f) => [f.id, { status: f.status, detail: f.detail }]),
  );

describe('tlsFindings', () => {
  it('says honestly when the extended master secret cannot be read', () => {
    const f = byId([
      {
        host: 'contoso.example',
        modern: tls12({ extensions: undefined }),
        ats12: tls12({ extensions: undefined }),
      },
    ]);
    expect(f['tls-ems']).toEqual({
      status: 'warn',
      detail: expect.stringMatching(
        /Could not read .* so whether it uses the extended master secret/,
      ),
    });
  });

  it('does not blame the server for a timeout: the TLS version is "could not be checked"', () => {
    const f = byId([{ host: 'contoso.example', modern: { ok: false, code: 'ETIMEDOUT' } }]);
    expect(f['tls-version']?.status).toBe('warn');
    expect(f['tls-ciphers']).toBeUndefined();
    expect(f['tls-certificate']).toBeUndefined();
  });

  it('fails a server that refuses every version it was offered, and says both probes failed', () => {
    const f = byId([
      {
        host: 'contoso.example',
        modern: { ok: false, code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' },
        legacy: { ok: false, code: 'ERR_SSL_NO_PROTOCOLS_AVAILABLE' },
      },
    ]);
    expect(f['tls-version']).toEqual({
      status: 'fail',
      detail: expect.stringMatching(
        /No TLS 1\.2 or 1\.3 handshake .* A TLS 1\.0–1\.1 handshake failed too/,
      ),
    });
  });

  it('ignores the root certificate’s own signature, but not an intermediate’s', () => {
    const root = cert({
      name: 'Old Root',
      signatureHash: 'sha1',
      signatureAlgorithm: 'sha1WithRSAEncryption',
      selfIssued: true,
    });
    const okChain = byId([
      { host: 'a.example', modern: tls12({ chain: [cert(), root] }), ats12: tls12() },
    ]);
    expect(okChain['tls-certificate']?.status).toBe('pass');
    const weakIntermediate = cert({
      name: 'Old CA',
      signatureHash: 'sha1',
      signatureAlgorithm: 'sha1WithRSAEncryption',
    });
    const bad = byId([
      {
        host: 'a.example',
        modern: tls12({ chain: [cert(), weakIntermediate, root] }),
        ats12: tls12(),
      },
    ]);
    expect(bad['tls-certificate']).toEqual({
      status: 'fail',
      detail: expect.stringMatching(/“Old CA” is signed with sha1WithRSAEncryption/),
    });
  });

  it('fails an expired certificate and a P-224 key; takes the worst of two hosts', () => {
    const f = byId([
      { host: 'contoso.example', modern: tls12(), ats12: tls12() },
      {
        host: 'files.contoso.example',
        modern: tls12({
          chain: [cert({ keyType: 'ec', keyBits: 224, validTo: new Date('2026-11-30T00:00:00Z') })],
        }),
        ats12: tls12(),
      },
    ]);
    expect(f['tls-certificate']?.status).toBe('fail');
    expect(f['tls-certificate']?.detail).toMatch(/^contoso\.example: RSA 2048-bit key/);
    expect(f['tls-certificate']?.detail).toMatch(
      /files\.contoso\.example: .*EC 224-bit key \(256 or more needed\); the certificate expired on 2026-11-30/,
    );
  });
});
