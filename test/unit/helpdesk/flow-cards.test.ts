import {
  chatLink,
  enrollmentStepOf,
  incidentStatus,
  renderReportForm,
} from '../../../src/flows/helpdesk/cards';
import type { Ticket } from '../../../src/helpdesk';
import { validateCard } from '../../helpers/card-validation';

describe('helpdesk flow cards', () => {
  it.each([
    ['Tap **Allow Remote Management**', 'allow-remote-management'],
    ['Open Settings › VPN & Device Management and sign in with your work account', 'sign-in'],
    ['Sign in to iCloud with your Managed Apple ID', 'icloud'],
    ['Microsoft Authenticator installs by itself', 'authenticator'],
    ['Approve the sign-in with your verification code', 'mfa'],
    ['Something unrelated', undefined],
  ])('maps the guide step "%s" to %s', (text, step) => {
    expect(enrollmentStepOf(text)).toBe(step);
  });

  it('the form shows errors beside fields, keeps values, and validates', () => {
    const card = renderReportForm(
      { errorText: '**bold** <b>x</b>', osVersion: 'banana' },
      { osVersion: 'The iOS version should look like "17.4.1".' },
    );
    expect(validateCard(card.attachment.content)).toEqual([]);
    const json = JSON.stringify(card.attachment.content);
    expect(json).toContain('should look like');
    expect(json).toContain('"value":"banana"');
  });

  it('derives the incident status from its tickets', () => {
    const t = (status: Ticket['status']) => ({ status }) as Ticket;
    expect(incidentStatus([t('resolved'), t('resolved')])).toBe('resolved');
    expect(incidentStatus([t('resolved'), t('assigned')])).toBe('assigned');
    expect(incidentStatus([t('open'), t('resolved')])).toBe('open');
  });

  it('builds the Teams chat link with the UPN encoded', () => {
    expect(chatLink('a+b@contoso.example')).toBe(
      'https://teams.microsoft.com/l/chat/0/0?users=a%2Bb%40contoso.example',
    );
  });
});
