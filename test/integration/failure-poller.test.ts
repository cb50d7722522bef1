import pino from 'pino';

import { createSandboxGraphClient } from '../../src/graph/client';
import { GraphError } from '../../src/graph/errors';
import {
  GraphTroubleshootingEvents,
  type EnrollmentFailureEvent,
} from '../../src/graph/troubleshooting-events';
import { EnrollmentFailurePoller, reportFromEvent } from '../../src/helpdesk/failure-poller';
import { startGraphSandbox, type GraphSandbox } from '../../src/sandbox/graph-sandbox';
import { MemoryStateStorage } from '../fakes/memory-state-storage';

const NOW = new Date('2026-11-22T12:00:00Z');

function event(
  id: string,
  minutesAgo: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.enrollmentTroubleshootingEvent',
    id,
    eventDateTime: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString(),
    correlationId: `corr-${id}`,
    failureCategory: 'userValidation',
    failureReason: 'User name not recognized',
    enrollmentType: 'appleAccountDrivenUserEnrollment',
    operatingSystem: 'iOS',
    osVersion: '17.4',
    userId: 'eeeeeeee-0000-4000-8000-000000000002',
    ...extra,
  };
}

describe('enrollment failure poller against the Graph sandbox', () => {
  let sandbox: GraphSandbox;
  let filed: EnrollmentFailureEvent[];
  let poller: EnrollmentFailurePoller;
  let storage: MemoryStateStorage;

  beforeEach(async () => {
    sandbox = await startGraphSandbox();
    storage = new MemoryStateStorage();
    filed = [];
    const source = new GraphTroubleshootingEvents({
      client: createSandboxGraphClient(sandbox.baseUrl),
    });
    poller = new EnrollmentFailurePoller({
      source,
      storage,
      logger: pino({ level: 'silent' }),
      onEvent: (e) => {
        filed.push(e);
        return Promise.resolve();
      },
      now: () => NOW,
    });
  });
  afterEach(async () => {
    await poller.stop();
    await sandbox.close();
  });

  it('files each new iOS enrollment failure once, oldest first, and remembers where it stopped', async () => {
    sandbox.state.troubleshootingEvents.push(
      event('old', 60 * 30),
      event('b', 10),
      event('a', 20),
      event('android', 5, { operatingSystem: 'Android' }),
      {
        '@odata.type': '#microsoft.graph.deviceManagementTroubleshootingEvent',
        id: 'other',
        eventDateTime: NOW.toISOString(),
      },
    );
    expect(await poller.pollOnce()).toEqual({ seen: 3, filed: 2 });
    expect(filed.map((e) => e.id)).toEqual(['a', 'b']);
    expect(filed[0]).toMatchObject({
      failureReason: 'User name not recognized',
      osVersion: '17.4',
    });

    expect(await poller.pollOnce()).toEqual({ seen: 3, filed: 0 });
    sandbox.state.troubleshootingEvents.push(event('c', 1), event('c2', 1));
    await poller.pollOnce();
    expect(filed.map((e) => e.id)).toEqual(['a', 'b', 'c', 'c2']);
  });

  it('does not move past an event whose filing failed, so nothing is lost', async () => {
    sandbox.state.troubleshootingEvents.push(event('a', 20), event('b', 10));
    let fail = true;
    const flaky = new EnrollmentFailurePoller({
      source: new GraphTroubleshootingEvents({ client: createSandboxGraphClient(sandbox.baseUrl) }),
      storage,
      logger: pino({ level: 'silent' }),
      onEvent: (e) => {
        if (e.id === 'b' && fail) return Promise.reject(new Error('outbox full'));
        filed.push(e);
        return Promise.resolve();
      },
      now: () => NOW,
    });
    await expect(flaky.pollOnce()).rejects.toThrow('outbox full');
    fail = false;
    await flaky.pollOnce();
    expect(filed.map((e) => e.id)).toEqual(['a', 'b']);
  });

  it('names the missing permission when Graph refuses', async () => {
    sandbox.state.denyPermissions.add('devices.read');
    const err = await poller.pollOnce().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect((err as GraphError).details.missingPermission).toBe(
      'DeviceManagementManagedDevices.Read.All',
    );
  });
});

describe('reportFromEvent', () => {
  it('turns an Intune event into a report diagnosed like any other, keyed by the event id', () => {
    const report = reportFromEvent({
      id: 'e1',
      eventDateTime: '2026-11-22T11:00:00Z',
      failureCategory: 'userValidation',
      failureReason: 'User name not recognized',
      enrollmentType: 'appleAccountDrivenUserEnrollment',
      operatingSystem: 'iOS',
      osVersion: '17.4',
      userId: 'eeeeeeee-0000-4000-8000-000000000002',
    });
    expect(report).toMatchObject({
      user: 'eeeeeeee-0000-4000-8000-000000000002',
      errorText: 'User name not recognized',
      failureCategory: 'userValidation',
      eventId: 'intune-e1',
    });
  });

  it('skips an event without a user', () => {
    expect(reportFromEvent({ id: 'e2', eventDateTime: '2026-11-22T11:00:00Z' })).toBeUndefined();
  });
});
