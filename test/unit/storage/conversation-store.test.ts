import { ConversationStore } from '../../../src/storage/conversation-store';
import { MemoryStateStorage } from '../../fakes/memory-state-storage';

const MEGAN = 'EEEEEEEE-0000-4000-8000-000000000002';

function reference(
  conversationId: string,
  conversationType: string,
  serviceUrl = 'https://smba.example/teams/',
) {
  return {
    conversation: {
      id: conversationId,
      conversationType,
      tenantId: 'tenant-1',
      isGroup: conversationType !== 'personal',
    },
    serviceUrl,
    bot: { id: '28:bot' },
    user: { id: '29:megan', aadObjectId: MEGAN },
  };
}

describe('ConversationStore: the personal chat by person (for campaigns)', () => {
  it('indexes a personal chat by the person’s Entra object id, case-insensitively', async () => {
    const store = new ConversationStore(new MemoryStateStorage());
    await store.remember(reference('a:megan-chat', 'personal'));
    expect(await store.personalFor(MEGAN.toLowerCase())).toMatchObject({
      conversationId: 'a:megan-chat',
      serviceUrl: 'https://smba.example/teams/',
      tenantId: 'tenant-1',
      botId: '28:bot',
    });
  });

  it('never takes a channel or group chat for someone’s personal chat', async () => {
    const store = new ConversationStore(new MemoryStateStorage());
    await store.remember(reference('19:channel@thread.tacv2', 'channel'));
    await store.remember(reference('19:group@thread.v2', 'groupChat'));
    expect(await store.personalFor(MEGAN)).toBeUndefined();
  });

  it('follows a new service URL, and a second instance reads what the first wrote', async () => {
    const storage = new MemoryStateStorage();
    await new ConversationStore(storage).remember(reference('a:megan-chat', 'personal'));
    await new ConversationStore(storage).remember(
      reference('a:megan-chat', 'personal', 'https://smba.example/emea/'),
    );
    expect((await new ConversationStore(storage).personalFor(MEGAN))?.serviceUrl).toBe(
      'https://smba.example/emea/',
    );
  });
});
