import { NearestQuestions } from '../../../src/knowledge/nearest';

const asked = new NearestQuestions([
  { label: 'a', terms: ['unenrol', 'iphon'] },
  { label: 'b', terms: ['unenrol', 'remov', 'photo'] },
  { label: 'c', terms: ['photo', 'see', 'compani'] },
  { label: 'd', terms: ['passcod', 'length'] },
]);

describe('the nearest ways of asking', () => {
  it('ranks the ways of asking that share the most telling terms first', () => {
    const found = asked.nearest(['unenrol', 'remov', 'photo'], 3);
    expect(found.map((n) => n.label)).toEqual(['b', expect.any(String), expect.any(String)]);
    expect(found[0]!.score).toBeGreaterThan(found[1]!.score);
    expect(found.map((n) => n.label)).not.toContain('d');
  });

  it('returns at most k, and nothing for terms no way of asking uses', () => {
    expect(asked.nearest(['unenrol', 'photo', 'passcod'], 2)).toHaveLength(2);
    expect(asked.nearest(['banana'], 5)).toEqual([]);
  });

  it('scores each question afresh (nothing carries over from the one before)', () => {
    const first = asked.nearest(['passcod'], 1);
    asked.nearest(['unenrol', 'remov', 'photo', 'passcod'], 4);
    expect(asked.nearest(['passcod'], 1)).toEqual(first);
  });

  it('counts a term once, however often the question repeats it', () => {
    expect(asked.nearest(['photo', 'photo', 'photo'], 3)).toEqual(asked.nearest(['photo'], 3));
  });
});
