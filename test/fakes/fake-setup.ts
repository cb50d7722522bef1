/**
 * TEST FAKE: an in-memory SetupService with per-method delays, failures and hangs, recording
 * when each call started and ended (to see that reads run in parallel).
 */
import type {
  ApplePushCertificate,
  IosApp,
  IosAppsFilter,
  IosDeviceFeaturesProfile,
  IosEnrollmentRestriction,
  MdmAuthorityInfo,
  SetupService,
  TenantDomain,
} from '../../src/graph/setup-service';
import { appAssignment, authenticator, DAY, jitProfile, NOW } from '../unit/setup-check/builders';

/** The methods of SetupService. */
export type SetupMethod = keyof SetupService;

/** One recorded call. */
export interface FakeSetupCall {
  method: SetupMethod;
  startedAt: number;
  endedAt?: number;
}

/** A healthy tenant by default; bend it per test. */
export class FakeSetup implements SetupService {
  public mdm: MdmAuthorityInfo = { organizationId: 'org', authority: 'intune', rawValue: 'intune' };
  public apns: ApplePushCertificate | undefined = {
    appleIdentifier: 'mdm@contoso.example',
    expirationDateTime: new Date(NOW.getTime() + 200 * DAY).toISOString(),
  };
  public apps: IosApp[] = [authenticator([appAssignment('required', { kind: 'allUsers' })])];
  public configurations: IosDeviceFeaturesProfile[] = [jitProfile()];
  public domainList: TenantDomain[] = [
    { id: 'contoso.example', isVerified: true },
    { id: 'contoso.onmicrosoft.com', isVerified: true },
  ];
  /** The default restriction, keeping devices below iOS/iPadOS 17 out. */
  public restrictions: IosEnrollmentRestriction[] = [
    {
      id: 'default-restriction',
      displayName: 'All users and all devices',
      priority: 0,
      platformBlocked: false,
      personalBlocked: false,
      osMinimumVersion: '17.0',
    },
  ];
  public delayMs: Partial<Record<SetupMethod, number>> = {};
  public failures: Partial<Record<SetupMethod, Error>> = {};
  /** Methods that never answer. */
  public hang = new Set<SetupMethod>();
  public calls: FakeSetupCall[] = [];
  public appFilters: (IosAppsFilter | undefined)[] = [];

  public mdmAuthority(): Promise<MdmAuthorityInfo> {
    return this.answer('mdmAuthority', () => this.mdm);
  }

  public applePushCertificate(): Promise<ApplePushCertificate | undefined> {
    return this.answer('applePushCertificate', () => this.apns);
  }

  public iosApps(filter?: IosAppsFilter): Promise<IosApp[]> {
    this.appFilters.push(filter);
    return this.answer('iosApps', () => this.apps);
  }

  public iosDeviceFeaturesConfigurations(): Promise<IosDeviceFeaturesProfile[]> {
    return this.answer('iosDeviceFeaturesConfigurations', () => this.configurations);
  }

  public iosEnrollmentRestrictions(): Promise<IosEnrollmentRestriction[]> {
    return this.answer('iosEnrollmentRestrictions', () => this.restrictions);
  }

  public domains(): Promise<TenantDomain[]> {
    return this.answer('domains', () => this.domainList);
  }

  private answer<T>(method: SetupMethod, value: () => T): Promise<T> {
    const call: FakeSetupCall = { method, startedAt: Date.now() };
    this.calls.push(call);
    if (this.hang.has(method)) return new Promise<T>(() => undefined);
    return new Promise<T>((resolve, reject) => {
      setTimeout(() => {
        call.endedAt = Date.now();
        const failure = this.failures[method];
        if (failure) reject(failure);
        else resolve(structuredClone(value()));
      }, this.delayMs[method] ?? 0);
    });
  }
}
