import type { Client } from '@microsoft/microsoft-graph-client';

import type { Logger } from '../logging';

import { GraphError } from './errors';
import { GraphRequester } from './graph-request';
import type { ManagedDeviceReader, ManagedDeviceRecord } from './types';

/** Properties read for a managed device. */
const DEVICE_SELECT = 'id,userId,operatingSystem,ownerType,deviceEnrollmentType,enrolledDateTime';
/** The Apple systems read, one query each (see {@link GraphManagedDeviceReader}). */
export const APPLE_OPERATING_SYSTEMS = ['iOS', 'iPadOS'] as const;
/** Devices per page asked for. */
const PAGE_SIZE = 1000;
/** Safety bound on pages per system: 1000 pages of 1000 devices; more is a broken next link. */
export const MAX_DEVICE_PAGES = 1000;

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Maps one wire device; undefined without an id. Missing fields become `''`/`unknown`, an empty
 * `userId` (a userless device) is left out, and so is an unset date (Intune sends
 * `0001-01-01T00:00:00Z` for those).
 */
export function managedDeviceFromWire(value: unknown): ManagedDeviceRecord | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const o = value as Record<string, unknown>;
  const id = str(o.id);
  if (!id) return undefined;
  const device: ManagedDeviceRecord = {
    id,
    operatingSystem: str(o.operatingSystem) ?? '',
    ownerType: str(o.ownerType) ?? str(o.managedDeviceOwnerType) ?? 'unknown',
    deviceEnrollmentType: str(o.deviceEnrollmentType) ?? 'unknown',
  };
  const userId = str(o.userId);
  if (userId && !/^0{8}-0{4}-0{4}-0{4}-0{12}$/.test(userId)) device.userId = userId;
  const enrolled = str(o.enrolledDateTime);
  if (enrolled && Date.parse(enrolled) > 0) device.enrolledDateTime = enrolled;
  return device;
}

/** Options for {@link GraphManagedDeviceReader}. */
export interface GraphManagedDeviceReaderOptions {
  client: Client;
  logger?: Logger;
  /** Bound on pages per operating system (default {@link MAX_DEVICE_PAGES}). */
  maxPages?: number;
}

/**
 * {@link ManagedDeviceReader} over `GET /beta/deviceManagement/managedDevices`
 * (DeviceManagementManagedDevices.Read.All).
 *
 * Beta, not v1.0: v1.0's `deviceEnrollmentType` documents members up to
 * `appleUserEnrollmentWithServiceAccount` only, while `appleAccountDrivenUserEnrollment`, the value
 * a campaign counts, is in the beta enum (graph-reference §3.1). The bot reads its profiles and
 * troubleshooting events on beta already.
 *
 * One query per system (`operatingSystem eq 'iOS'`, then `… 'iPadOS'`), not one `or` query: the
 * managedDevice type documents "limited support for $filter … combinations … must use 'and', not
 * 'or'", and `or` on this collection has been reported to act as `and` or to keep only its first
 * clause (microsoft/Intune-PowerShell-SDK#109, msgraph-beta-sdk-dotnet#1156). Filters this
 * collection does not support are ignored rather than refused, so each page is also checked here:
 * a device of another system is dropped, never counted.
 */
export class GraphManagedDeviceReader implements ManagedDeviceReader {
  private readonly graph: GraphRequester;
  private readonly maxPages: number;

  public constructor(options: GraphManagedDeviceReaderOptions) {
    this.graph = new GraphRequester(
      options.client,
      options.logger?.child({ module: 'graph.managedDevices' }),
    );
    this.maxPages = options.maxPages ?? MAX_DEVICE_PAGES;
  }

  /** Every iOS, then every iPadOS, device, one array per non-empty page, following next links. */
  public async *appleDevicePages(): AsyncIterable<ManagedDeviceRecord[]> {
    for (const system of APPLE_OPERATING_SYSTEMS) {
      let count = 0;
      for await (const page of this.graph.pages({
        operation: 'devices.managed',
        version: 'beta',
        path: '/deviceManagement/managedDevices',
        query: {
          $select: DEVICE_SELECT,
          $filter: `operatingSystem eq '${system}'`,
          $top: PAGE_SIZE,
        },
      })) {
        count += 1;
        const devices = page.items
          .map(managedDeviceFromWire)
          .filter(
            (d): d is ManagedDeviceRecord =>
              d !== undefined && d.operatingSystem.toLowerCase() === system.toLowerCase(),
          );
        if (devices.length > 0) yield devices;
        if (page.more && count >= this.maxPages) {
          throw new GraphError(`Graph devices.managed: more than ${this.maxPages} pages`, {
            reason: 'unknown',
            operation: 'devices.managed',
          });
        }
      }
    }
  }
}
