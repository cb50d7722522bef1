/**
 * The Managed Apple Accounts check: Apple Business is out of Microsoft Graph's sight, so the item
 * is a manual one that says what to verify there.
 */
import type { Translate } from '../../i18n/catalogue';

import { item, type SetupCheckItem } from './items';
import { english } from './text';

/** Managed Apple Accounts or federation live in Apple Business Manager, out of Graph's sight. */
export function managedAppleIdsCheck(t: Translate = english()): SetupCheckItem {
  return item(
    'managed-apple-ids',
    'manual',
    t('setupCheck.appleBusiness.detail'),
    t('setupCheck.appleBusiness.fix'),
    t,
  );
}
