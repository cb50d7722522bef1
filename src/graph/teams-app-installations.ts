import type { Client } from '@microsoft/microsoft-graph-client';

import type { Logger } from '../logging';

import { GraphError } from './errors';
import { GraphRequester, segment } from './graph-request';
import type { TeamsAppInstaller } from './types';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string literal for an OData `$filter`: quoted, with `'` doubled as OData requires. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function sameId(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}

/** Graph's global service, the last resort for the install body's absolute URL. */
const GLOBAL_GRAPH_ROOT = 'https://graph.microsoft.com';

/**
 * The Graph root (without version) an answer came from, read from its `@odata.context`
 * (`https://graph.microsoft.com/v1.0/$metadata#…`); undefined when absent or of another shape.
 */
export function graphRootFromContext(context: unknown): string | undefined {
  if (typeof context !== 'string') return undefined;
  const at = context.indexOf('/v1.0/$metadata');
  if (at <= 0) return undefined;
  try {
    const url = new URL(context.slice(0, at));
    return url.protocol === 'https:' || url.protocol === 'http:'
      ? `${url.origin}${url.pathname}`.replace(/\/+$/, '')
      : undefined;
  } catch {
    return undefined;
  }
}

/** Options for {@link GraphTeamsAppInstaller}. */
export interface GraphTeamsAppInstallerOptions {
  client: Client;
  /**
   * The Graph root the client talks to, without a version (`https://graph.microsoft.com`, a
   * national cloud's, or the sandbox's), for the install body, which binds the catalog app by its
   * absolute URL. The SDK client does not expose its base URL; without this option the root is
   * read from the `@odata.context` of the installed-apps answer just received (the service the
   * client actually reached), and only failing that is the global service assumed.
   */
  graphBaseUrl?: string;
  logger?: Logger;
}

/**
 * {@link TeamsAppInstaller} over Graph v1.0: the org catalog (`GET /appCatalogs/teamsApps`,
 * AppCatalog.Read.All) and the user's personal scope (`GET`/`POST /users/{id}/teamwork/installedApps`,
 * TeamsAppInstallation.ReadWriteSelfForUser.All, the least permission that lets the app install
 * itself). Installing is what lets the bot open a personal chat with someone who never opened it.
 */
export class GraphTeamsAppInstaller implements TeamsAppInstaller {
  private readonly graph: GraphRequester;
  private readonly graphRoot: string | undefined;

  public constructor(options: GraphTeamsAppInstallerOptions) {
    this.graph = new GraphRequester(
      options.client,
      options.logger?.child({ module: 'graph.teamsApps' }),
    );
    if (options.graphBaseUrl !== undefined) {
      const url = new URL(options.graphBaseUrl);
      this.graphRoot = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
    }
  }

  /**
   * `GET /appCatalogs/teamsApps?$filter=externalId eq '…'`: the catalog id of the app whose
   * manifest id is `externalId`, preferring the organization's upload (`distributionMethod`
   * `organization`) over a sideloaded copy. Items whose `externalId` differs are ignored, in case
   * Graph ever answers without applying the filter.
   */
  public async catalogAppId(externalId: string): Promise<string | undefined> {
    const { body } = await this.graph.sendJson({
      operation: 'teamsApps.catalog',
      method: 'GET',
      version: 'v1.0',
      path: '/appCatalogs/teamsApps',
      query: {
        $filter: `externalId eq ${odataString(externalId)}`,
        $select: 'id,externalId,distributionMethod',
      },
    });
    const apps = (isRecord(body) && Array.isArray(body.value) ? body.value : [])
      .filter(isRecord)
      .filter((a) => typeof a.id === 'string' && a.id !== '')
      .filter((a) => a.externalId === undefined || sameId(a.externalId, externalId));
    const chosen = apps.find((a) => a.distributionMethod === 'organization') ?? apps[0];
    return chosen?.id as string | undefined;
  }

  /**
   * Looks for the app in the user's personal scope (`$expand=teamsApp`, filtered on
   * `teamsApp/externalId`) and installs it when absent, binding the catalog app by URL. Graph's
   * 409 (installed meanwhile, e.g. by a concurrent run) is 'already'. The POST may be retried
   * after a 503/504: a retry of an install that did happen meets that same 409.
   */
  public async ensureInstalledForUser(
    userId: string,
    catalogAppId: string,
    externalId: string,
  ): Promise<'already' | 'installed'> {
    const path = `/users/${segment(userId)}/teamwork/installedApps`;
    const { body } = await this.graph.sendJson({
      operation: 'teamsApps.userInstalls',
      method: 'GET',
      version: 'v1.0',
      path,
      query: {
        $expand: 'teamsApp',
        $filter: `teamsApp/externalId eq ${odataString(externalId)}`,
      },
    });
    const installs = (isRecord(body) && Array.isArray(body.value) ? body.value : []).filter(
      isRecord,
    );
    const present = installs.some((install) => {
      const app = install.teamsApp;
      // Without the expanded app there is nothing to compare: trust Graph's filter.
      if (!isRecord(app)) return true;
      return sameId(app.externalId, externalId) || sameId(app.id, catalogAppId);
    });
    if (present) return 'already';
    const root =
      this.graphRoot ??
      (isRecord(body) ? graphRootFromContext(body['@odata.context']) : undefined) ??
      GLOBAL_GRAPH_ROOT;
    try {
      await this.graph.send({
        operation: 'teamsApps.installForUser',
        method: 'POST',
        version: 'v1.0',
        path,
        body: {
          'teamsApp@odata.bind': `${root}/v1.0/appCatalogs/teamsApps/${segment(catalogAppId)}`,
        },
        idempotent: true,
      });
      return 'installed';
    } catch (err) {
      if (err instanceof GraphError && err.details.reason === 'conflict') return 'already';
      throw err;
    }
  }
}
