import pino from 'pino';

import { helpdeskCandidates } from '../../../src/app/helpdesk';
import { loadConfig } from '../../../src/config/env';
import type { DirectoryService, DirectoryUser } from '../../../src/graph/types';

const GROUP = 'cccccccc-0000-4000-8000-000000000010';
const NO_DOTENV = { dotenvPath: undefined };
const logger = pino({ level: 'silent' });

function directory(answers: (DirectoryUser[] | Error)[]): {
  service: DirectoryService;
  calls: string[];
} {
  const calls: string[] = [];
  const service = {
    listUserMembers(groupId: string, top?: number): Promise<DirectoryUser[]> {
      calls.push(`${groupId}/${top}`);
      const next = answers.shift() ?? [];
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  } as unknown as DirectoryService;
  return { service, calls };
}

const ALEX: DirectoryUser = {
  id: 'a1',
  displayName: 'Alex Wilber',
  userPrincipalName: 'alexw@contoso.example',
};
const LYNNE: DirectoryUser = {
  id: 'l1',
  displayName: 'Lynne Robbins',
  userPrincipalName: 'lynner@contoso.example',
};

describe("the Reassign list: the helpdesk group's members", () => {
  it('is off without a helpdesk group (the admins are the helpdesk; the card asks for a name)', () => {
    const config = loadConfig({}, NO_DOTENV);
    expect(helpdeskCandidates(config, directory([]).service, logger)).toBeUndefined();
  });

  it('is read from Graph at most every five minutes', async () => {
    const config = loadConfig({ HELPDESK_GROUP_ID: GROUP }, NO_DOTENV);
    const d = directory([[ALEX], [ALEX, LYNNE]]);
    let now = 0;
    const list = helpdeskCandidates(config, d.service, logger, () => now)!;
    expect(await list()).toEqual([
      { aadObjectId: 'a1', name: 'Alex Wilber', upn: 'alexw@contoso.example' },
    ]);
    now = 4 * 60_000;
    expect(await list()).toHaveLength(1);
    now = 5 * 60_000;
    expect((await list()).map((c) => c.name)).toEqual(['Alex Wilber', 'Lynne Robbins']);
    expect(d.calls).toEqual([`${GROUP}/50`, `${GROUP}/50`]);
  });

  it('a failed read gives an empty list (the card asks for a name) and is tried again soon', async () => {
    const config = loadConfig({ HELPDESK_GROUP_ID: GROUP }, NO_DOTENV);
    const d = directory([new Error('Graph is down'), [LYNNE]]);
    let now = 0;
    const list = helpdeskCandidates(config, d.service, logger, () => now)!;
    expect(await list()).toEqual([]);
    now = 10_000;
    expect(await list()).toEqual([]);
    now = 31_000;
    expect((await list()).map((c) => c.name)).toEqual(['Lynne Robbins']);
  });
});
