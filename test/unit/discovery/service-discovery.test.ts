import { DomainCheckError } from '../../../src/discovery/errors';
import { WELL_KNOWN_PATH, wellKnownResponse } from '../../../src/discovery/hosting';
import {
  HOSTING_RULES,
  serviceDiscoveryJson,
  serviceDiscoveryText,
  type DiscoveryCloud,
} from '../../../src/discovery/service-discovery';

const TENANT = '6f1c3f9e-7d1a-4a55-9d8e-2b8f8f2a9c01';

/** Microsoft's published samples, with the tenant filled in. */
const PUBLISHED: Record<DiscoveryCloud, string> = {
  global: `{"Servers":[{"Version":"mdm-byod", "BaseURL":"https://manage.microsoft.com/EnrollmentServer/PostReportDeviceInfoForUEV2?aadTenantId=${TENANT}"}]}`,
  usgov: `{"Servers":[{"Version":"mdm-byod", "BaseURL":"https://manage.microsoft.us/EnrollmentServer/PostReportDeviceInfoForUEV2?aadTenantId=${TENANT}"}]}`,
  usgovdod: `{"Servers":[{"Version":"mdm-byod", "BaseURL":"https://manage.microsoft.us/EnrollmentServer/PostReportDeviceInfoForUEV2?aadTenantId=${TENANT}"}]}`,
  china: `{"Servers":[{"Version":"mdm-byod", "BaseURL":"https://manage.microsoft.cn/EnrollmentServer/PostReportDeviceInfoForUEV2?aadTenantId=${TENANT}"}]}`,
};

const CLOUDS = Object.keys(PUBLISHED) as DiscoveryCloud[];

describe('serviceDiscoveryJson / serviceDiscoveryText', () => {
  it.each(CLOUDS)('matches the published file for the %s cloud exactly', (cloud) => {
    const text = serviceDiscoveryText(cloud, TENANT);
    expect(text).toBe(PUBLISHED[cloud]);
    expect(text).not.toContain('\n');
    expect(JSON.parse(text)).toEqual(serviceDiscoveryJson(cloud, TENANT));
  });

  it('builds the exact object', () => {
    expect(serviceDiscoveryJson('global', TENANT)).toEqual({
      Servers: [
        {
          Version: 'mdm-byod',
          BaseURL: `https://manage.microsoft.com/EnrollmentServer/PostReportDeviceInfoForUEV2?aadTenantId=${TENANT}`,
        },
      ],
    });
  });

  it('writes the tenant ID in lower case', () => {
    expect(serviceDiscoveryText('global', `  ${TENANT.toUpperCase()} `)).toBe(PUBLISHED.global);
  });

  it.each(['', 'YourAADTenantID', `${TENANT}x`, 'contoso.onmicrosoft.com', '{guid}'])(
    'refuses the tenant ID %p',
    (tenant) => {
      expect(() => serviceDiscoveryJson('global', tenant)).toThrow(DomainCheckError);
      expect(() => serviceDiscoveryText('global', tenant)).toThrow(/tenant ID must be a GUID/);
    },
  );

  it('refuses an unknown cloud', () => {
    expect(() => serviceDiscoveryJson('mars' as DiscoveryCloud, TENANT)).toThrow(/cloud/);
  });

  it('has short hosting rules that cover the requirements', () => {
    const all = HOSTING_RULES.join('\n');
    expect(HOSTING_RULES.every((r) => r.length <= 100)).toBe(true);
    expect(all).toMatch(/HTTPS/);
    expect(all).toMatch(/\.well-known\/com\.apple\.remotemanagement/);
    expect(all).toMatch(/not \.json/);
    expect(all).toMatch(/application\/json/);
    expect(all).toMatch(/after @/);
    expect(all).toMatch(/redirect/);
  });
});

describe('wellKnownResponse', () => {
  it('serves the file as application/json with a short cache', () => {
    const res = wellKnownResponse('usgov', TENANT);
    expect(res.status).toBe(200);
    expect(res.headers['Content-Type']).toBe('application/json');
    expect(res.headers['Cache-Control']).toBe('public, max-age=300');
    expect(res.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(res.body).toBe(PUBLISHED.usgov);
    expect(WELL_KNOWN_PATH).toBe('/.well-known/com.apple.remotemanagement');
  });

  it('ignores the query a device adds', () => {
    const plain = wellKnownResponse('global', TENANT);
    const withQuery = wellKnownResponse('global', TENANT, {
      'user-identifier': 'megan@contoso.com',
      'model-family': 'iPhone',
    });
    expect(withQuery).toEqual(plain);
  });

  it('refuses a bad tenant ID (a configuration bug)', () => {
    expect(() => wellKnownResponse('global', 'not-a-guid')).toThrow(DomainCheckError);
  });
});
