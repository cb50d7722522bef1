/**
 * The Managed Apple Accounts check: Apple Business is out of Microsoft Graph's sight, so the item
 * is a manual one that says what to verify there.
 */
import { item, type SetupCheckItem } from './items';

/** Managed Apple Accounts or federation live in Apple Business Manager, out of Graph's sight. */
export function managedAppleIdsCheck(): SetupCheckItem {
  return item(
    'managed-apple-ids',
    'manual',
    'Microsoft Graph cannot see Apple Business (formerly Apple Business Manager). Users need a Managed Apple Account (formerly Managed Apple ID), or federated authentication so they sign in with their work account.',
    'In Apple Business: verify your sign-in domain (Preferences › Managed Apple Accounts), then either turn on federated authentication with Microsoft Entra ID for it, or create Managed Apple Accounts for the users who enroll.',
  );
}
