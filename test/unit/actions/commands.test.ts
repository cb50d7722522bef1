import { closestCommand, matchCommand } from '../../../src/actions/commands';
import { parseVerifyDomain } from '../../../src/flows/admin/discovery';
import { parseWhichProfile } from '../../../src/flows/admin/profiles';

describe('closestCommand ("did you mean")', () => {
  it.each([
    ['crate profle', 'createProfile'],
    ['profils', 'profiles'],
    ['profile', 'profiles'],
    ['auditt', 'audit'],
    ['verfy domian contoso.com', 'verifyDomain'],
    ['chek setp', 'checkSetup'],
  ])('%s → %s', (text, id) => {
    expect(matchCommand(text, 'personal')).toBeUndefined();
    expect(closestCommand(text, 'personal')?.id).toBe(id);
  });

  it.each([
    'how do I enroll my iPhone?',
    'can my boss see my photos',
    'prfls',
    'create a new iPhone account for my mum please now',
    'hi',
    '',
  ])('suggests nothing for "%s"', (text) => {
    expect(closestCommand(text, 'personal')).toBeUndefined();
  });

  it('only suggests commands of the conversation scope', () => {
    expect(closestCommand('set helpdesk chanel', 'personal')).toBeUndefined();
    expect(closestCommand('set helpdesk chanel', 'team')?.id).toBe('setHelpdeskChannel');
  });
});

describe('arguments after a corrected command', () => {
  it('keeps the person and the domain as typed', () => {
    expect(parseWhichProfile('whch profle aplies to meganb@contoso.example')).toBe(
      'meganb@contoso.example',
    );
    expect(parseWhichProfile('which profile applies to Megan Bowen?')).toBe('Megan Bowen');
    expect(parseVerifyDomain('verfy domain contoso.com')).toBe('contoso.com');
    expect(parseVerifyDomain('verify domain contoso.com')).toBe('contoso.com');
  });
});
