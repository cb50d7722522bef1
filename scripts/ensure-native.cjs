// Runs after `npm ci` / `npm install` (the package's postinstall), under the Node that the
// project's npm scripts use: the Node 22 LTS binary from the `node` devDependency on a machine
// that only has an older Node, or the platform's Node where devDependencies are omitted.
//
// Native addons (better-sqlite3) are compiled during the install by whichever Node ran npm,
// against that Node's headers; a module built for Node 20 refuses to load in Node 22. So: load
// each addon here; if it does not load, rebuild it against the headers of the Node running this
// script (the registry's Node package ships them in include/node) and load it again. A second
// failure stops the install with the reason, rather than a crash the first time a test runs.
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ADDONS = ['better-sqlite3'];

function loads(name) {
  try {
    const probe = `const D = require(${JSON.stringify(name)}); new D(':memory:').close();`;
    execFileSync(process.execPath, ['-e', probe], { stdio: 'pipe' });
    return true;
  } catch (err) {
    return (
      String(err.stderr || err.message)
        .split('\n')
        .find((l) => /Error/.test(l)) || 'failed'
    );
  }
}

/**
 * The folder whose include/node holds this Node's headers, when there is one: the install
 * prefix, or for the registry's `node` package (whose bin/node is a hard link, so no symlink
 * leads back) the platform package beside it, node_modules/node-<platform>-<arch>.
 */
function headersDir() {
  const prefix = path.resolve(path.dirname(fs.realpathSync(process.execPath)), '..');
  const platformPackage = `node-${process.platform}-${process.arch}`;
  const candidates = [prefix, path.join(prefix, 'node_modules', platformPackage)];
  return candidates.find((dir) => {
    const versionHeader = path.join(dir, 'include', 'node', 'node_version.h');
    if (!fs.existsSync(versionHeader)) return false;
    const text = fs.readFileSync(versionHeader, 'utf8');
    const part = (name) => new RegExp(`#define ${name} (\\d+)`).exec(text)?.[1];
    const version = `v${part('NODE_MAJOR_VERSION')}.${part('NODE_MINOR_VERSION')}.${part('NODE_PATCH_VERSION')}`;
    return version === process.version;
  });
}

for (const name of ADDONS) {
  let resolved;
  try {
    resolved = require.resolve(`${name}/package.json`);
  } catch {
    continue; // not installed (for example a production install without it)
  }
  const first = loads(name);
  if (first === true) continue;
  const nodedir = headersDir();
  console.log(
    `${name} does not load in Node ${process.version} (${first}); rebuilding it for this Node`,
  );
  const npmCli = process.env.npm_execpath;
  const env = { ...process.env, ...(nodedir ? { npm_config_nodedir: nodedir } : {}) };
  const [cmd, args] = npmCli
    ? [process.execPath, [npmCli, 'rebuild', name, '--foreground-scripts']]
    : ['npm', ['rebuild', name, '--foreground-scripts']];
  execFileSync(cmd, args, {
    cwd: path.resolve(path.dirname(resolved), '../..'),
    env,
    stdio: 'inherit',
  });
  const second = loads(name);
  if (second !== true) {
    console.error(`${name} still does not load in Node ${process.version}: ${second}`);
    process.exit(1);
  }
}
