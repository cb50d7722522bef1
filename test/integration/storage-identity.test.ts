/**
 * State and the scale-out outbox reached with a Microsoft Entra token instead of a key, as the
 * App Service does with its managed identity: Azurite over HTTPS with `--oauth basic` checks each
 * request's bearer token (audience, issuer, lifetime), so a token the service would refuse fails
 * here too. The identity itself is a test double (Azure's managed-identity endpoint exists only in
 * Azure); everything after the token is the production path: config → resolveStorageAccount →
 * BlobStateStorage / AzureQueueOutbox.
 */
import tls from 'node:tls';

import { loadConfig } from '../../src/config/env';
import { StorageConflictError, StorageUnavailableError } from '../../src/errors';
import { createLogger } from '../../src/logging';
import { AzureQueueOutbox } from '../../src/outbox';
import { resolveStorageAccount } from '../../src/storage/account';
import { createStateStorage } from '../../src/storage/create-storage';
import { startAzurite, type AzuriteHandle } from '../helpers/azurite';
import { TestEntraCredential } from '../helpers/entra-test-credential';
import { anonymousSender, conversationOn } from '../helpers/outbox-harness';
import { startLoopbackConnector, type LoopbackConnector } from '../support/loopback-connector';

let azurite: AzuriteHandle;
let connector: LoopbackConnector;
const defaultCAs = tls.getCACertificates('default');

beforeAll(async () => {
  azurite = await startAzurite({ services: ['queue'], oauth: true });
  // Trust Azurite's self-signed certificate, as a real client trusts Azure's public chain.
  tls.setDefaultCACertificates([...defaultCAs, azurite.certificatePem ?? '']);
  connector = await startLoopbackConnector({ recordBodies: true });
}, 60_000);

afterAll(async () => {
  tls.setDefaultCACertificates(defaultCAs);
  await connector?.close();
  await azurite?.stop();
});

const silent = createLogger('silent');

function identityConfig(container: string) {
  const config = loadConfig(
    {
      STORAGE_KIND: 'blob',
      OUTBOX_BACKEND: 'azure-queue',
      BLOB_CONTAINER: container,
      BLOB_ACCOUNT_URL: azurite.blobAccountUrl,
      QUEUE_ACCOUNT_URL: azurite.queueAccountUrl,
      STORAGE_CLIENT_ID: '8b5e2c1a-4f3d-4e6b-9a7c-1d2e3f4a5b6c',
    },
    { dotenvPath: undefined },
  );
  if (config.storage.kind !== 'blob') throw new Error('expected blob storage');
  return config.storage;
}

describe('Azure Storage with a managed identity (Azurite, HTTPS, bearer tokens)', () => {
  it('keeps state with eTags and asks for the storage audience, never a key', async () => {
    const storageConfig = identityConfig('state-identity');
    expect(storageConfig.account.kind).toBe('identity');
    const credential = new TestEntraCredential();
    const account = resolveStorageAccount(storageConfig.account, credential);
    const storage = createStateStorage(storageConfig, silent, account);
    try {
      await storage.ping();
      await storage.write({ 'case/1': { status: 'open' } });
      const first = (await storage.read(['case/1']))['case/1'] as { eTag: string; status: string };
      expect(first.status).toBe('open');
      await storage.write({ 'case/1': { status: 'resolved', eTag: first.eTag } });
      await expect(
        storage.write({ 'case/1': { status: 'stale', eTag: first.eTag } }),
      ).rejects.toBeInstanceOf(StorageConflictError);
      expect((await storage.read(['case/1']))['case/1']).toMatchObject({ status: 'resolved' });
      expect(credential.scopesAsked.length).toBeGreaterThan(0);
      expect(new Set(credential.scopesAsked.flat())).toEqual(
        new Set(['https://storage.azure.com/.default']),
      );
    } finally {
      await storage.close();
    }
  });

  it('is refused by the service when the token is for another audience', async () => {
    const storageConfig = identityConfig('state-wrong-audience');
    const account = resolveStorageAccount(
      storageConfig.account,
      new TestEntraCredential({ aud: 'https://management.azure.com' }),
    );
    const storage = createStateStorage(storageConfig, silent, account);
    try {
      await expect(storage.write({ k: { v: 1 } })).rejects.toBeInstanceOf(StorageUnavailableError);
    } finally {
      await storage.close();
    }
  });

  it('delivers through the azure-queue outbox on the same identity', async () => {
    const storageConfig = identityConfig('outbox-identity');
    const credential = new TestEntraCredential();
    const account = resolveStorageAccount(storageConfig.account, credential);
    const storage = createStateStorage(storageConfig, silent, account);
    const outbox = new AzureQueueOutbox({
      storage,
      account: account.queue,
      queueName: 'outbox-identity',
      sender: anonymousSender(),
      pollIntervalMs: 100,
    });
    try {
      outbox.start();
      await outbox.enqueue({
        id: 'identity/1',
        conversation: conversationOn(connector, 'channel-identity'),
        kind: 'post',
        activity: { type: 'message', text: 'Delivered with a managed identity' },
      });
      const [received] = await connector.waitFor(1, 20_000);
      expect(received?.activity).toMatchObject({ text: 'Delivered with a managed identity' });
      await outbox.whenIdle(10_000);
      expect(await outbox.get('identity/1')).toMatchObject({ state: 'sent' });
    } finally {
      await outbox.close();
      await storage.close();
    }
  });
});
