/**
 * Intune's enrollment restrictions for iOS/iPadOS, as `GET /deviceManagement/deviceEnrollmentConfigurations`
 * serves them: the default `deviceEnrollmentPlatformRestrictionsConfiguration` (one restriction per
 * platform, `iosRestriction`) and the per-platform `deviceEnrollmentPlatformRestrictionConfiguration`
 * (`platformType` + `platformRestriction`). Both carry a `deviceEnrollmentPlatformRestriction`:
 * platformBlocked, personalDeviceEnrollmentBlocked, osMinimumVersion, osMaximumVersion (Graph
 * reference, intune-onboarding-deviceenrollmentplatformrestriction). Read for the OS floor check.
 */

/** One restriction that applies to iOS/iPadOS. */
export interface IosEnrollmentRestriction {
  id: string;
  displayName: string;
  /** 0 for the default restriction, which applies to everyone without another one. */
  priority: number;
  platformBlocked: boolean;
  personalBlocked: boolean;
  /** e.g. `17.0`; undefined when no minimum is set. */
  osMinimumVersion?: string;
}

const DEFAULT_TYPE = '#microsoft.graph.deviceenrollmentplatformrestrictionsconfiguration';
const PER_PLATFORM_TYPE = '#microsoft.graph.deviceenrollmentplatformrestrictionconfiguration';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Maps one enrollment configuration; undefined when it sets no iOS restriction. */
export function iosRestrictionFromWire(value: unknown): IosEnrollmentRestriction | undefined {
  const item = record(value);
  if (!item || typeof item.id !== 'string') return undefined;
  const type = typeof item['@odata.type'] === 'string' ? item['@odata.type'].toLowerCase() : '';
  let restriction: Record<string, unknown> | undefined;
  if (type === DEFAULT_TYPE) {
    restriction = record(item.iosRestriction);
  } else if (type === PER_PLATFORM_TYPE && String(item.platformType).toLowerCase() === 'ios') {
    restriction = record(item.platformRestriction);
  }
  if (!restriction) return undefined;
  const minimum =
    typeof restriction.osMinimumVersion === 'string' ? restriction.osMinimumVersion.trim() : '';
  return {
    id: item.id,
    displayName: typeof item.displayName === 'string' ? item.displayName : '',
    priority: typeof item.priority === 'number' ? item.priority : 0,
    platformBlocked: restriction.platformBlocked === true,
    personalBlocked: restriction.personalDeviceEnrollmentBlocked === true,
    ...(minimum === '' ? {} : { osMinimumVersion: minimum.slice(0, 20) }),
  };
}
