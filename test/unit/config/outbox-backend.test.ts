import { loadConfig } from '../../../src/config/env';
import { ConfigError } from '../../../src/errors';

const NO_DOTENV = { dotenvPath: undefined };
const BLOB = { STORAGE_KIND: 'blob', BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true;' };

describe('outbox backend configuration', () => {
  it('defaults to the SQLite outbox and the helpdesk-outbox queue name', () => {
    const { helpdesk } = loadConfig({}, NO_DOTENV);
    expect(helpdesk).toMatchObject({ outboxBackend: 'sqlite', outboxQueueName: 'helpdesk-outbox' });
  });

  it('selects the Azure Queue outbox on blob storage', () => {
    const { helpdesk, storage } = loadConfig(
      { ...BLOB, OUTBOX_BACKEND: 'azure-queue', OUTBOX_QUEUE_NAME: 'alerts-prod' },
      NO_DOTENV,
    );
    expect(helpdesk).toMatchObject({
      outboxBackend: 'azure-queue',
      outboxQueueName: 'alerts-prod',
    });
    expect(storage.kind).toBe('blob');
  });

  it('refuses azure-queue without blob storage, naming the variable and why', () => {
    expect(() => loadConfig({ OUTBOX_BACKEND: 'azure-queue' }, NO_DOTENV)).toThrow(
      /OUTBOX_BACKEND: azure-queue needs STORAGE_KIND=blob/,
    );
  });

  it('rejects an invalid backend or queue name without echoing the value', () => {
    let error: unknown;
    try {
      loadConfig(
        { ...BLOB, OUTBOX_BACKEND: 'kafka', OUTBOX_QUEUE_NAME: 'Bad_Queue--X' },
        NO_DOTENV,
      );
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).message;
    expect(text).toMatch(/OUTBOX_BACKEND:/);
    expect(text).toMatch(/OUTBOX_QUEUE_NAME: must be 3-63 lowercase letters/);
    expect(text).not.toContain('Bad_Queue--X');
  });
});
