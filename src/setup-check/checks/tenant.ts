/**
 * Tenant-level checks: the MDM authority must be Microsoft Intune, and the Apple MDM push
 * certificate must exist and be valid (graph-reference §2.1, §2.2).
 */
import type { ApplePushCertificate, MdmAuthorityInfo } from '../../graph/setup-service';
import type { Translate } from '../../i18n/catalogue';

import { errorItem, item, type Outcome, type SetupCheckItem } from './items';
import { english, sentences, short } from './text';

/** Days before expiry from which the push certificate is a warning. */
export const APNS_WARN_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

// ---- MDM authority -------------------------------------------------------------------------------

/** MDM authority must be Intune (graph-reference §2.1). */
export function mdmAuthorityCheck(
  outcome: Outcome<MdmAuthorityInfo>,
  t: Translate = english(),
): SetupCheckItem {
  if (!outcome.ok) return errorItem('mdm-authority', outcome.error, t);
  const { authority, rawValue } = outcome.value;
  const setInIntune = t('setupCheck.tenant.setInIntune');
  switch (authority) {
    case 'intune':
      return item('mdm-authority', 'pass', t('setupCheck.tenant.intune'), '', t);
    case 'office365':
      return item(
        'mdm-authority',
        'fail',
        t('setupCheck.tenant.office365'),
        t('setupCheck.tenant.office365Fix', { setInIntune }),
        t,
      );
    case 'sccm':
      return item(
        'mdm-authority',
        'fail',
        t('setupCheck.tenant.sccm'),
        t('setupCheck.tenant.sccmFix', { setInIntune }),
        t,
      );
    case 'unknown':
      return item(
        'mdm-authority',
        'fail',
        t('setupCheck.tenant.unknown'),
        t('setupCheck.tenant.unknownFix', { setInIntune }),
        t,
      );
    case 'unknownFutureValue':
      return item(
        'mdm-authority',
        'fail',
        t('setupCheck.tenant.other', { value: short(rawValue ?? '', 40) }),
        setInIntune,
        t,
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
  t: Translate = english(),
): SetupCheckItem {
  if (!outcome.ok) return errorItem('apns', outcome.error, t);
  const cert = outcome.value;
  const where = t('setupCheck.tenant.apnsWhere');
  if (!cert) {
    return item(
      'apns',
      'fail',
      t('setupCheck.tenant.noCertificate'),
      t('setupCheck.tenant.createFix', { where }),
      t,
    );
  }
  const appleId = cert.appleIdentifier
    ? t('setupCheck.tenant.appleId', { id: short(cert.appleIdentifier, 120) })
    : undefined;
  const madeWith = appleId
    ? t('setupCheck.tenant.madeWith', { appleId })
    : t('setupCheck.tenant.madeWithUnknown');
  const renew = appleId
    ? t('setupCheck.tenant.renewWithId', { where, appleId })
    : t('setupCheck.tenant.renew', { where });
  const expiry = cert.expirationDateTime ? Date.parse(cert.expirationDateTime) : Number.NaN;
  if (Number.isNaN(expiry)) {
    return item(
      'apns',
      'warn',
      sentences(t('setupCheck.tenant.noExpiry'), madeWith),
      t('setupCheck.tenant.checkExpiryFix', { where }),
      t,
    );
  }
  const left = expiry - now.getTime();
  const day = isoDay(expiry);
  if (left <= 0) {
    const ago = Math.max(0, Math.floor(-left / DAY_MS));
    const expired =
      ago > 0
        ? t('setupCheck.tenant.expiredAgo', { day, count: ago })
        : t('setupCheck.tenant.expiredToday', { day });
    return item('apns', 'fail', sentences(expired, madeWith), renew, t);
  }
  const days = Math.floor(left / DAY_MS);
  if (days < APNS_WARN_DAYS) {
    const expires =
      days === 0
        ? t('setupCheck.tenant.expiresToday', { day })
        : t('setupCheck.tenant.expiresIn', { day, count: days });
    return item('apns', 'warn', sentences(expires, madeWith), renew, t);
  }
  return item(
    'apns',
    'pass',
    sentences(
      t('setupCheck.tenant.validUntil', { day, count: days }),
      madeWith,
      t('setupCheck.tenant.renewYearly'),
    ),
    '',
    t,
  );
}
