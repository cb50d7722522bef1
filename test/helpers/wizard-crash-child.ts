/**
 * A bot process for the wizard crash test: opens the shared SQLite state and the HTTP sandbox
 * the parent started, clicks Create on the parent's wizard run, and is SIGKILLed by the parent
 * while the create is in flight. Env: STATE_FILE, SANDBOX_URL, RUN_ID, RUN_VERSION, ADMIN_ID.
 */
import { VERBS } from '../../src/cards/verbs';
import { createSandboxGraphClient } from '../../src/graph/client';
import { GraphDirectoryService } from '../../src/graph/directory-service';
import { GraphProfileService } from '../../src/graph/profile-service';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { cardAction } from '../factories/activities';

import { createBotHarness } from './bot-harness';

async function main(): Promise<void> {
  const env = process.env;
  const client = createSandboxGraphClient(env.SANDBOX_URL ?? '');
  const admin = env.ADMIN_ID ?? '';
  const h = createBotHarness({
    admins: [admin],
    storage: new SqliteStorage(env.STATE_FILE ?? ''),
    graph: {
      profiles: new GraphProfileService({ client }),
      directory: new GraphDirectoryService({ client }),
    },
  });
  process.stdout.write('ready\n');
  await h.send(
    cardAction(
      VERBS.wizardCreate,
      { runId: env.RUN_ID, version: Number(env.RUN_VERSION) },
      { from: { aadObjectId: admin, name: 'Adele Vance' } },
    ),
  );
  process.stdout.write('finished\n');
}

main().catch((err: unknown) => {
  process.stdout.write(`error ${String(err)}\n`);
  process.exit(1);
});
