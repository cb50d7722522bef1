import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';

import { resolveStorageAccount } from '../../../src/storage/account';

describe('resolveStorageAccount', () => {
  it('uses the connection string for both services and describes it without the key', () => {
    const cs =
      'DefaultEndpointsProtocol=https;AccountName=contosobot;AccountKey=S3cr3tKey==;EndpointSuffix=core.windows.net';
    const account = resolveStorageAccount({ kind: 'connectionString', connectionString: cs });
    expect(account).toEqual({ blob: cs, queue: cs, description: 'contosobot' });
  });

  it("signs in with the user-assigned identity named by its client id, else Azure's default chain", () => {
    const endpoints = {
      kind: 'identity' as const,
      blobUrl: 'https://contosobot.blob.core.windows.net',
      queueUrl: 'https://contosobot.queue.core.windows.net',
    };
    const named = resolveStorageAccount({
      ...endpoints,
      clientId: '8b5e2c1a-4f3d-4e6b-9a7c-1d2e3f4a5b6c',
    });
    const blob = named.blob as { accountUrl: string; credential: unknown };
    const queue = named.queue as { accountUrl: string; credential: unknown };
    expect(blob.credential).toBeInstanceOf(ManagedIdentityCredential);
    expect(queue.credential).toBe(blob.credential);
    expect([blob.accountUrl, queue.accountUrl]).toEqual([endpoints.blobUrl, endpoints.queueUrl]);
    expect(named.description).toBe('contosobot.blob.core.windows.net');
    const unnamed = resolveStorageAccount({ ...endpoints, clientId: undefined });
    expect((unnamed.blob as { credential: unknown }).credential).toBeInstanceOf(
      DefaultAzureCredential,
    );
  });
});
