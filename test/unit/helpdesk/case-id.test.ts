import {
  CASE_ID_ALPHABET,
  findCaseId,
  isCaseId,
  newCaseId,
} from '../../../src/helpdesk/report/case-id';

describe('case numbers', () => {
  it('are ENR-XXXX-XXXX from an alphabet without characters people confuse', () => {
    for (const c of '01ILOU') expect(CASE_ID_ALPHABET).not.toContain(c);
    const ids = Array.from({ length: 2000 }, () => newCaseId());
    for (const id of ids) {
      expect(id).toMatch(/^ENR-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
      expect(isCaseId(id)).toBe(true);
    }
    // Random: 2,000 numbers from about 6.5e11 do not repeat.
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('are the same for the same seed (a webhook event id) and differ between seeds', () => {
    expect(newCaseId('event:42')).toBe(newCaseId('event:42'));
    expect(newCaseId('event:42')).not.toBe(newCaseId('event:43'));
  });

  it('use every character of the alphabet, roughly evenly', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      for (const c of newCaseId().replace(/^ENR-|-/g, '')) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect([...counts.keys()].sort().join('')).toBe([...CASE_ID_ALPHABET].sort().join(''));
    // 24,000 characters over 30: about 800 each.
    for (const n of counts.values()) expect(n).toBeGreaterThan(600);
  });

  it('are found in a message however people type them', () => {
    const id = 'ENR-7K4M-QX2P';
    for (const typed of [
      'ENR-7K4M-QX2P',
      'status of enr-7k4m-qx2p?',
      'any news on ENR 7K4M QX2P',
      'ENR-7K4MQX2P please',
      'enr7k4mqx2p',
    ]) {
      expect({ typed, found: findCaseId(typed) }).toEqual({ typed, found: id });
    }
    // A number of letters only, with its hyphens.
    expect(findCaseId('ENR-QXKP-WZRT')).toBe('ENR-QXKP-WZRT');
    expect(findCaseId('enrQXKP-WZRT')).toBe('ENR-QXKP-WZRT');
    expect(findCaseId('enr qxkp wzrt')).toBe('ENR-QXKP-WZRT');
    // Numbers issued before this format still work.
    expect(findCaseId('what about ENR-74XLZ7AR15')).toBe('ENR-74XLZ7AR15');
    expect(findCaseId('INC-AQR0E4WJH8')).toBe('INC-AQR0E4WJH8');
  });

  it('are not found where there is none, and never from hostile text', () => {
    for (const text of [
      '',
      'my tickets',
      'enrollment failed',
      // Words that start like a number: French "enregistrer", English "incorrectly", "enrollments".
      'guide moi pour enregistrer mon iPhone',
      'the code was typed incorrectly',
      'all my enrollments',
      // A word and the next one: "enroled before" is no "ENR-OLED-BEFORE".
      'teams says my devise has to be enroled before i can use it',
      'ENR-',
      'ENR-7K4',
      `ENR-${'A'.repeat(5000)}`,
    ]) {
      expect({ text: text.slice(0, 40), found: findCaseId(text) }).toEqual({
        text: text.slice(0, 40),
        found: undefined,
      });
    }
  });

  it('isCaseId refuses anything that is not a safe case-number token', () => {
    for (const value of [
      undefined,
      42,
      'ENR-7K4M-QX2P/../x',
      'enr-7k4m-qx2p',
      'ENR-[x](https://evil)',
      'XYZ-7K4M-QX2P',
    ]) {
      expect(isCaseId(value)).toBe(false);
    }
  });
});
