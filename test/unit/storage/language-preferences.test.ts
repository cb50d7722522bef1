import { LanguagePreferences } from '../../../src/storage/language-preferences';
import { MemoryStateStorage } from '../../fakes/memory-state-storage';

describe('LanguagePreferences', () => {
  it('stores a choice, the language written in, and forgets the choice on automatic', async () => {
    const storage = new MemoryStateStorage();
    const prefs = new LanguagePreferences(storage);
    expect(await prefs.get('u1')).toEqual({});
    await prefs.wrote('u1', 'de');
    await prefs.choose('u1', 'ja');
    expect(await prefs.get('u1')).toEqual({ chosen: 'ja', written: 'de' });
    // Another instance (no cache) reads the same.
    expect(await new LanguagePreferences(storage).get('u1')).toEqual({
      chosen: 'ja',
      written: 'de',
    });
    await prefs.choose('u1', undefined);
    expect(await new LanguagePreferences(storage).get('u1')).toEqual({ written: 'de' });
  });

  it('writes only when the language written in changes', async () => {
    const storage = new MemoryStateStorage();
    const writes = jest.spyOn(storage, 'write');
    const prefs = new LanguagePreferences(storage);
    await prefs.wrote('u1', 'fr');
    await prefs.wrote('u1', 'fr');
    await prefs.wrote('u1', 'fr');
    expect(writes).toHaveBeenCalledTimes(1);
  });

  it('reads a damaged or foreign record as no preference', async () => {
    const storage = new MemoryStateStorage();
    await storage.write({ 'language-of/u1': { chosen: 'klingon', updatedAt: 'x' } });
    expect(await new LanguagePreferences(storage).get('u1')).toEqual({});
  });

  it('sees a choice made on another instance once its short cache runs out', async () => {
    const storage = new MemoryStateStorage();
    let now = Date.parse('2026-12-04T10:00:00Z');
    const clock = (): Date => new Date(now);
    const a = new LanguagePreferences(storage, clock);
    const b = new LanguagePreferences(storage, clock);
    expect(await a.get('u1')).toEqual({});
    await b.choose('u1', 'es');
    expect(await a.get('u1')).toEqual({}); // cached
    now += 31_000;
    expect(await a.get('u1')).toEqual({ chosen: 'es' });
  });
});

describe('LanguagePreferences ids', () => {
  it('finds a person whatever the case their object id is spelled in', async () => {
    const storage = new MemoryStateStorage();
    await new LanguagePreferences(storage).choose('AAAA-BBBB', 'de');
    expect(await new LanguagePreferences(storage).get('aaaa-bbbb')).toEqual({ chosen: 'de' });
  });
});
