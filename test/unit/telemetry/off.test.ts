/**
 * Telemetry off costs nothing: without a connection string the Azure Monitor distro and the
 * OpenTelemetry SDK are never loaded, and the instruments run the work without a span.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

import {
  inActivityRequest,
  inDependency,
  safeRoute,
  telemetryEnabled,
} from '../../../src/telemetry/instruments';

const ROOT = path.resolve(__dirname, '../../..');

describe('telemetry off', () => {
  it('loads neither the distro nor the SDK when no connection string is set', () => {
    const script = `
      const { startTelemetry } = require('./src/telemetry/start.ts');
      startTelemetry({ connectionString: undefined, samplingPercent: 100, serviceName: 's', serviceVersion: '1' })
        .then((t) => {
          const loaded = Object.keys(require.cache).filter((k) =>
            /@azure[\\\\/]monitor-opentelemetry|@opentelemetry[\\\\/]sdk-/.test(k));
          process.stdout.write(JSON.stringify({ enabled: t.enabled, sink: t.logSink === undefined, loaded }));
        });
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(JSON.parse(out)).toEqual({ enabled: false, sink: true, loaded: [] });
  });

  it('runs the work without spans or counters', async () => {
    expect(telemetryEnabled()).toBe(false);
    await expect(inActivityRequest({}, () => Promise.resolve(204))).resolves.toBe(204);
    const reports: unknown[] = [];
    await expect(
      inDependency('graph', 'GET', '/x', (report) => {
        reports.push(report);
        return Promise.resolve('done');
      }),
    ).resolves.toBe('done');
    expect(reports).toHaveLength(1);
  });
});

describe('safeRoute', () => {
  it.each([
    [
      'https://graph.microsoft.com/beta/users/meganb@contoso.com/memberOf?$filter=x',
      '/beta/users/{id}/memberOf',
    ],
    [
      '/v1.0/groups/8b5e2c1a-4f3d-4e6b-9a7c-1d2e3f4a5b6c/transitiveMembers',
      '/v1.0/groups/{id}/transitiveMembers',
    ],
    [
      '/beta/deviceManagement/deviceEnrollmentConfigurations',
      '/beta/deviceManagement/deviceEnrollmentConfigurations',
    ],
  ])('%s → %s', (input, route) => {
    expect(safeRoute(input)).toBe(route);
  });
});
