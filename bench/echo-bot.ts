/**
 * BENCHMARK BASELINE. The smallest botbuilder bot on the bot's own stack (restify 11 +
 * bodyParser + CloudAdapter with anonymous ConfigurationBotFrameworkAuthentication +
 * ActivityHandler): it answers every message with `echo: <text>`. bench/run.ts starts it as a
 * child process and compares the real bot against it. Never used by production code.
 *
 * Reads PORT (required) and HOST (default 127.0.0.1). Serves `POST /api/messages` and
 * `GET /readyz` (always 200, so startup is measured the same way as the bot's).
 */
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type TurnContext,
} from 'botbuilder';
import restify, { type Request, type Response } from 'restify';

/** Replies `echo: <text>` to every message. */
export class EchoBot extends ActivityHandler {
  public constructor() {
    super();
    this.onMessage(async (ctx: TurnContext, next: () => Promise<void>) => {
      await ctx.sendActivity(`echo: ${ctx.activity.text ?? ''}`);
      await next();
    });
  }
}

/** A listening echo bot. */
export interface RunningEchoBot {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the echo bot on `host:port`. */
export async function startEchoBot(port: number, host: string): Promise<RunningEchoBot> {
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      MicrosoftAppType: 'MultiTenant',
      MicrosoftAppTenantId: '',
    }),
  );
  adapter.onTurnError = (_ctx: TurnContext, error: Error): Promise<void> => {
    process.stderr.write(`echo-bot turn failed: ${error.message}\n`);
    return Promise.resolve();
  };
  const bot = new EchoBot();

  const server = restify.createServer({ name: 'echo-bot' });
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req: Request, res: Response) => {
    await adapter.process(req, res, (ctx) => bot.run(ctx));
  });
  server.get('/readyz', (_req: Request, res: Response, next: restify.Next) => {
    res.send(200, { status: 'ready' });
    return next();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error('PORT must be set to a port number');
  }
  const running = await startEchoBot(port, process.env.HOST ?? '127.0.0.1');
  const onSignal = (): void => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`echo-bot failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
