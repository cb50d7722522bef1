/**
 * Tenant-level checks: the MDM authority must be Microsoft Intune, and the Apple MDM push
 * certificate must exist and be valid (graph-reference §2.1, §2.2).
 */
import type { ApplePushCertificate, MdmAuthorityInfo } from '../../graph/setup-service';

import { errorItem, item, type Outcome, type SetupCheckItem } from './items';
import { short } from './text';

/** Days before expiry from which the push certificate is a warning. */
export const APNS_WARN_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

// ---- MDM authority -------------------------------------------------------------------------------

/** MDM authority must be Intune (graph-reference §2.1). */
export function mdmAuthorityCheck(outcome: Outcome<MdmAuthorityInfo>): SetupCheckItem {
  if (!outcome.ok) return errorItem('mdm-authority', outcome.error);
  const { authority, rawValue } = outcome.value;
  const setInIntune =
    'In the Microsoft Intune admin center, set the MDM authority to Microsoft Intune (Tenant administration › Tenant status).';
  switch (authority) {
    case 'intune':
      return item('mdm-authority', 'pass', 'The MDM authority is Microsoft Intune.');
    case 'office365':
      return item(
        'mdm-authority',
        'fail',
        'The MDM authority is Basic Mobility and Security (Office 365), so Intune cannot enroll devices.',
        `Move to Intune: ${setInIntune}`,
      );
    case 'sccm':
      return item(
        'mdm-authority',
        'fail',
        'The MDM authority is Configuration Manager (hybrid MDM), which is retired.',
        `Migrate to Intune standalone. ${setInIntune}`,
      );
    case 'unknown':
      return item(
        'mdm-authority',
        'fail',
        'No MDM authority is set for the tenant.',
        `${setInIntune} Signing in to the admin center as an Intune administrator usually sets it.`,
      );
    case 'unknownFutureValue':
      return item(
        'mdm-authority',
        'fail',
        `The MDM authority is “${short(rawValue ?? '', 40)}”, not Microsoft Intune.`,
        setInIntune,
      );
  }
}

// ---- Apple MDM push certificate ------------------------------------------------------------------

function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * The Apple MDM push certificate must exist and be valid; under {@link APNS_WARN_DAYS} days left
 * is a warning. Shows the Apple ID it was made with, because renewing with another one breaks
 * every enrolled device (graph-reference §2.2).
 */
export function apnsCheck(
  outcome: Outcome<ApplePushCertificate | undefined>,
  now: Date,
): SetupCheckItem {
  if (!outcome.ok) return errorItem('apns', outcome.error);
  const cert = outcome.value;
  const where =
    'Tenant administration › Connectors and tokens › Apple MDM Push certificate in the Intune admin center';
  if (!cert) {
    return item(
      'apns',
      'fail',
      'There is no Apple MDM push certificate, so iPhones and iPads cannot enroll.',
      `Create one under ${where}, signed in to Apple with a company-owned Apple Account (formerly Apple ID) you will keep for every yearly renewal.`,
    );
  }
  const appleId = cert.appleIdentifier ? `“${short(cert.appleIdentifier, 120)}”` : undefined;
  const madeWith = appleId
    ? `It was created with the Apple Account ${appleId}.`
    : 'Graph does not say which Apple Account created it; look it up in the admin center.';
  const renew = `Renew it under ${where} with the SAME Apple Account${appleId ? ` (${appleId})` : ''}: a certificate from another Apple Account forces every enrolled device to enroll again.`;
  const expiry = cert.expirationDateTime ? Date.parse(cert.expirationDateTime) : Number.NaN;
  if (Number.isNaN(expiry)) {
    return item(
      'apns',
      'warn',
      `A certificate is present but Graph did not give its expiry date. ${madeWith}`,
      `Check its expiry under ${where}.`,
    );
  }
  const left = expiry - now.getTime();
  if (left <= 0) {
    const ago = Math.max(0, Math.floor(-left / DAY_MS));
    return item(
      'apns',
      'fail',
      `It expired on ${isoDay(expiry)}${ago > 0 ? ` (${ago} day${ago === 1 ? '' : 's'} ago)` : ''}: devices can no longer enroll or be managed. ${madeWith}`,
      renew,
    );
  }
  const days = Math.floor(left / DAY_MS);
  const when = days === 0 ? 'today' : `in ${days} day${days === 1 ? '' : 's'}`;
  if (days < APNS_WARN_DAYS) {
    return item('apns', 'warn', `It expires on ${isoDay(expiry)}, ${when}. ${madeWith}`, renew);
  }
  return item(
    'apns',
    'pass',
    `Valid until ${isoDay(expiry)} (${days} days). ${madeWith} Renew it yearly with that same Apple Account.`,
  );
}
