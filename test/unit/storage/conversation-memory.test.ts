import { ConversationMemory, type MemoryOwner } from '../../../src/storage/conversation-memory';
import type { Storage, StoreItems } from '../../../src/storage/state-storage';
import { MemoryStateStorage } from '../../fakes/memory-state-storage';

/** Storage that counts reads and writes on the way through to an in-memory store. */
class CountingStorage implements Storage {
  public reads = 0;
  public writes: StoreItems[] = [];
  public deletes: string[][] = [];

  public constructor(public readonly inner = new MemoryStateStorage()) {}

  public read(keys: string[]): Promise<StoreItems> {
    this.reads += 1;
    return this.inner.read(keys);
  }

  public write(changes: StoreItems): Promise<void> {
    this.writes.push(changes);
    return this.inner.write(changes);
  }

  public delete(keys: string[]): Promise<void> {
    this.deletes.push(keys);
    return this.inner.delete(keys);
  }
}

const MEGAN: MemoryOwner = { conversationId: 'a:chat-1', userId: 'user-megan' };
const LEE: MemoryOwner = { conversationId: 'a:chat-1', userId: 'user-lee' };
const HOUR = 60 * 60_000;

/** A clock the test moves by hand. */
function clock(start = '2026-12-01T09:00:00.000Z'): {
  now: () => Date;
  advance: (ms: number) => void;
} {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
  };
}

describe('ConversationMemory', () => {
  it('recalls nothing for someone it never heard from', async () => {
    const memory = new ConversationMemory(new MemoryStateStorage(), HOUR);
    expect(await memory.recall(MEGAN)).toEqual({});
  });

  it('merges what is said over several messages, newer values winning', async () => {
    const memory = new ConversationMemory(new MemoryStateStorage(), HOUR);
    await memory.remember(MEGAN, { device: 'iPhone', deviceModel: 'iPhone 13 mini' });
    await memory.remember(MEGAN, { osVersion: '17.4', errorText: 'Profile installation failed' });
    const merged = await memory.remember(MEGAN, { osVersion: '17.5', device: undefined });
    const expected = {
      device: 'iPhone',
      deviceModel: 'iPhone 13 mini',
      osVersion: '17.5',
      errorText: 'Profile installation failed',
    };
    expect(merged).toEqual(expected);
    expect(await memory.recall(MEGAN)).toEqual(expected);
  });

  it('writes only when something changed', async () => {
    const storage = new CountingStorage();
    const memory = new ConversationMemory(storage, HOUR);
    await memory.remember(MEGAN, { device: 'iPad', osVersion: '18.1' });
    expect(storage.writes).toHaveLength(1);
    await memory.remember(MEGAN, { device: 'iPad' });
    await memory.remember(MEGAN, { osVersion: '18.1', device: 'iPad' });
    await memory.remember(MEGAN, {});
    expect(storage.writes).toHaveLength(1);
    await memory.remember(MEGAN, { ownership: 'personal' });
    expect(storage.writes).toHaveLength(2);
  });

  it('reads nothing when the caller already knows the memory', async () => {
    const storage = new CountingStorage();
    const memory = new ConversationMemory(storage, HOUR);
    const known = await memory.recall(MEGAN);
    const readsBefore = storage.reads;
    await memory.remember(MEGAN, { device: 'iPhone' }, known);
    expect(storage.reads).toBe(readsBefore);
    expect(storage.writes).toHaveLength(1);
  });

  it('forgets everything once the window has passed, and does not bring it back', async () => {
    const c = clock();
    const memory = new ConversationMemory(new MemoryStateStorage(), HOUR, c.now);
    await memory.remember(MEGAN, { device: 'iPhone', errorText: 'Profile installation failed' });
    c.advance(HOUR);
    expect(await memory.recall(MEGAN)).toEqual({
      device: 'iPhone',
      errorText: 'Profile installation failed',
    });
    c.advance(1);
    expect(await memory.recall(MEGAN)).toEqual({});
    // Something new starts a fresh memory: the expired facts are not merged back.
    expect(await memory.remember(MEGAN, { osVersion: '18.2' })).toEqual({ osVersion: '18.2' });
    expect(await memory.recall(MEGAN)).toEqual({ osVersion: '18.2' });
  });

  it('each change restarts the window', async () => {
    const c = clock();
    const memory = new ConversationMemory(new MemoryStateStorage(), HOUR, c.now);
    await memory.remember(MEGAN, { device: 'iPhone' });
    c.advance(HOUR - 1000);
    await memory.remember(MEGAN, { osVersion: '17.4' });
    c.advance(HOUR - 1000);
    expect(await memory.recall(MEGAN)).toEqual({ device: 'iPhone', osVersion: '17.4' });
  });

  it.each([
    ['not an object', 'garbage'],
    ['no time stamp', { device: 'iPhone' }],
    ['a time stamp that is no date', { device: 'iPhone', updatedAt: 'yesterday-ish' }],
    ['a device it does not know', { device: 'Android', updatedAt: '2026-12-01T09:00:00.000Z' }],
    ['a field of the wrong type', { osVersion: 17, updatedAt: '2026-12-01T09:00:00.000Z' }],
    [
      'too many questions',
      {
        asked: Array.from({ length: 9 }, (_, i) => ({ id: `q${i}`, text: 'x' })),
        updatedAt: '2026-12-01T09:00:00.000Z',
      },
    ],
  ])('reads a damaged memory (%s) as empty, and can remember again', async (_name, value) => {
    const c = clock();
    const storage = new MemoryStateStorage();
    await storage.write({ [`memory/${MEGAN.conversationId}/${MEGAN.userId}`]: value });
    const memory = new ConversationMemory(storage, HOUR, c.now);
    expect(await memory.recall(MEGAN)).toEqual({});
    await memory.remember(MEGAN, { device: 'iPad' });
    expect(await memory.recall(MEGAN)).toEqual({ device: 'iPad' });
  });

  it('remembers nothing with a window of 0', async () => {
    const storage = new CountingStorage();
    const memory = new ConversationMemory(storage, 0);
    expect(await memory.remember(MEGAN, { device: 'iPhone', osVersion: '17.4' })).toEqual({});
    expect(await memory.recall(MEGAN)).toEqual({});
    expect(storage.writes).toHaveLength(0);
  });

  it('forgets this chat and person on request, and only them', async () => {
    const memory = new ConversationMemory(new MemoryStateStorage(), HOUR);
    await memory.remember(MEGAN, { device: 'iPhone' });
    await memory.remember(LEE, { device: 'iPad' });
    await memory.forget(MEGAN);
    expect(await memory.recall(MEGAN)).toEqual({});
    expect(await memory.recall(LEE)).toEqual({ device: 'iPad' });
    await expect(memory.forget(MEGAN)).resolves.toBeUndefined();
  });

  it('keeps each person in a chat, and each chat of a person, apart', async () => {
    const memory = new ConversationMemory(new MemoryStateStorage(), HOUR);
    const meganElsewhere: MemoryOwner = { conversationId: 'a:chat-2', userId: MEGAN.userId };
    await memory.remember(MEGAN, { device: 'iPhone', errorText: 'Profile installation failed' });
    expect(await memory.recall(LEE)).toEqual({});
    expect(await memory.recall(meganElsewhere)).toEqual({});
    await memory.remember(LEE, { device: 'iPad' });
    expect(await memory.recall(MEGAN)).toEqual({
      device: 'iPhone',
      errorText: 'Profile installation failed',
    });
  });
});
