/**
 * Decides whether the person behind an activity may use admin features. Identity always comes
 * from the authenticated activity (`from.aadObjectId`), never from card data.
 */
export type AdminCheck = (aadObjectId: string | undefined) => Promise<boolean>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Admins named in configuration (`ADMIN_USER_IDS`): Entra object ids compared case-insensitively.
 * Directory-role checks through Microsoft Graph come in front of this list when Graph is set up.
 */
export function configuredAdmins(objectIds: readonly string[]): AdminCheck {
  const ids = new Set(objectIds.filter((id) => GUID.test(id)).map((id) => id.toLowerCase()));
  return (aadObjectId) =>
    Promise.resolve(aadObjectId !== undefined && ids.has(aadObjectId.toLowerCase()));
}
