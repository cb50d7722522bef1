import type { Client } from '@microsoft/microsoft-graph-client';

import type { GraphConfig } from '../config/env';
import { createGraphClient, createSandboxGraphClient } from '../graph/client';
import { GraphDirectoryService } from '../graph/directory-service';
import { GraphProfileService } from '../graph/profile-service';
import type { DirectoryService, ProfileService } from '../graph/types';
import type { Logger } from '../logging';
import { SANDBOX_NOTICE, startGraphSandbox, type GraphSandbox } from '../sandbox/graph-sandbox';

/** The Graph-backed services of one process, whichever Graph they talk to. */
export interface GraphServices {
  mode: GraphConfig['mode'];
  profiles: ProfileService;
  directory: DirectoryService;
  client: Client;
  /** Set in sandbox mode: the banner cards must show ({@link SANDBOX_NOTICE}). */
  notice?: string;
  /** The running sandbox, in sandbox mode (tests and demos may inject faults through it). */
  sandbox?: GraphSandbox;
  /** Stops the sandbox, if one was started. */
  close(): Promise<void>;
}

/**
 * Builds the process's single Graph client and its services. In `graph` mode they talk to
 * Microsoft Graph (or the configured HTTPS test double); in `sandbox` mode a LOCAL INTUNE SANDBOX
 * is started on 127.0.0.1 (GRAPH_SANDBOX_PORT) and the services talk to it over http.
 */
export async function createGraphServices(
  config: GraphConfig,
  logger: Logger,
): Promise<GraphServices> {
  if (config.mode === 'graph') {
    const client = createGraphClient(config, logger);
    return {
      mode: 'graph',
      client,
      profiles: new GraphProfileService({ client, logger }),
      directory: new GraphDirectoryService({ client, logger }),
      close: () => Promise.resolve(),
    };
  }
  const sandbox = await startGraphSandbox({
    port: config.sandboxPort,
    tenantId: config.tenantId,
    logger,
  });
  logger.warn(
    { module: 'graph', baseUrl: sandbox.baseUrl },
    `${SANDBOX_NOTICE}: no Graph credential is configured`,
  );
  const client = createSandboxGraphClient(sandbox.baseUrl);
  return {
    mode: 'sandbox',
    client,
    profiles: new GraphProfileService({ client, logger }),
    directory: new GraphDirectoryService({ client, logger }),
    notice: SANDBOX_NOTICE,
    sandbox,
    close: () => sandbox.close(),
  };
}
