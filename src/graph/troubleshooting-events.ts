import type { Client } from '@microsoft/microsoft-graph-client';

import type { Logger } from '../logging';

import { GraphRequester } from './graph-request';

/** One Intune enrollment failure event (graph-reference §3.1), as the poller needs it. */
export interface EnrollmentFailureEvent {
  id: string;
  eventDateTime: string;
  correlationId?: string;
  failureCategory?: string;
  failureReason?: string;
  enrollmentType?: string;
  operatingSystem?: string;
  osVersion?: string;
  userId?: string;
  deviceId?: string;
}

/** Reads Intune's enrollment failure events. */
export interface TroubleshootingEventSource {
  /** Enrollment failure events for iOS/iPadOS, oldest first. */
  enrollmentFailures(): Promise<EnrollmentFailureEvent[]>;
}

const ENROLLMENT_EVENT = '#microsoft.graph.enrollmentTroubleshootingEvent';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** Maps one wire item; undefined for other event types, other platforms or broken items. */
export function enrollmentEventFromWire(value: unknown): EnrollmentFailureEvent | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const o = value as Record<string, unknown>;
  if (o['@odata.type'] !== ENROLLMENT_EVENT) return undefined;
  const id = str(o.id);
  const eventDateTime = str(o.eventDateTime);
  if (!id || !eventDateTime || Number.isNaN(Date.parse(eventDateTime))) return undefined;
  const os = str(o.operatingSystem);
  if (os && !/^(ios|ipados)$/i.test(os)) return undefined;
  return {
    id,
    eventDateTime,
    correlationId: str(o.correlationId),
    failureCategory: str(o.failureCategory),
    failureReason: str(o.failureReason),
    enrollmentType: str(o.enrollmentType),
    operatingSystem: os,
    osVersion: str(o.osVersion),
    userId: str(o.userId),
    deviceId: str(o.deviceId),
  };
}

/**
 * `GET /beta/deviceManagement/troubleshootingEvents` (DeviceManagementManagedDevices.Read.All).
 * Filtering on eventDateTime is not documented for this collection, so it reads the pages
 * (bounded) and filters here: enrollment events for iOS/iPadOS only, sorted by time.
 */
export class GraphTroubleshootingEvents implements TroubleshootingEventSource {
  private readonly graph: GraphRequester;

  public constructor(options: { client: Client; logger?: Logger; maxPages?: number }) {
    this.graph = new GraphRequester(
      options.client,
      options.logger?.child({ module: 'graph.events' }),
    );
    this.maxPages = options.maxPages ?? 20;
  }

  private readonly maxPages: number;

  public async enrollmentFailures(): Promise<EnrollmentFailureEvent[]> {
    const { items } = await this.graph.getAllPages(
      {
        operation: 'events.troubleshooting',
        version: 'beta',
        path: '/deviceManagement/troubleshootingEvents',
      },
      this.maxPages,
    );
    return items
      .map(enrollmentEventFromWire)
      .filter((e): e is EnrollmentFailureEvent => e !== undefined)
      .sort(
        (a, b) =>
          Date.parse(a.eventDateTime) - Date.parse(b.eventDateTime) || a.id.localeCompare(b.id),
      );
  }
}
