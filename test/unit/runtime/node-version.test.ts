/**
 * The tests run on the Node that production runs on: Node 20 reached end of life on 2026-04-30.
 * On a machine that only has Node 20, `npm ci` installs Node 22 LTS from the registry (the `node`
 * devDependency) and npm scripts run it; this test fails if that chain ever falls back to an
 * older Node, and if better-sqlite3 was left compiled for another Node.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import Database from 'better-sqlite3';

const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
  engines: { node: string };
};

describe('runtime', () => {
  it('is a supported Node LTS that satisfies package.json engines', () => {
    const floor = /^>=(\d+)\.(\d+)\.(\d+)$/.exec(pkg.engines.node);
    expect(floor).not.toBeNull();
    const want = floor!.slice(1).map(Number);
    const have = process.versions.node.split('.').map(Number);
    expect(have[0]).toBeGreaterThanOrEqual(22);
    const cmp = have[0]! - want[0]! || have[1]! - want[1]! || have[2]! - want[2]!;
    expect({ node: process.versions.node, satisfiesEngines: cmp >= 0 }).toEqual({
      node: process.versions.node,
      satisfiesEngines: true,
    });
  });

  it('loads the native SQLite addon built for this Node', () => {
    const db = new Database(':memory:');
    try {
      expect(db.prepare('select 1 + 1 as two').get()).toEqual({ two: 2 });
    } finally {
      db.close();
    }
  });
});
