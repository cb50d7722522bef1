// The project's layer rule: an import may only point down the layers.
//
// Why our own rule: import/no-restricted-paths resolves its zones to absolute paths and treats
// any path that looks like a glob as one, so a checkout under a folder such as `ci[1]` or
// `run+(2)` silently matched nothing and every upward import passed. This rule compares paths
// relative to the project root, so where the project lives does not matter.
//
// Options: { root: absolute project root, zones: [{ target, from, message }] } where target and
// from are project-relative paths ('./src/flows', './src/errors.ts'); a zone refuses imports in
// files under `target` of modules under `from`. Only relative specifiers are checked: every
// import inside src/ is relative, and packages are the botbuilder-edge rule's business.
import path from 'node:path';

const EXTENSIONS = /\.(?:[cm]?[jt]s|json)$/;

/** 'src/errors.ts' and 'src/errors' name the same module; './src/outbox/' the same folder. */
function normalise(relative) {
  return relative
    .split(path.sep)
    .join('/')
    .replace(/^\.\//, '')
    .replace(/\/+$/, '')
    .replace(EXTENSIONS, '');
}

/** Is the project-relative `file` the module `zonePath` or inside the folder `zonePath`? */
function within(file, zonePath) {
  return file === zonePath || file.startsWith(`${zonePath}/`);
}

/** @type {import('eslint').Rule.RuleModule} */
const noUpwardImport = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports only point down the layers (see eslint.config.mjs).' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          zones: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                target: { type: 'string' },
                from: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
                message: { type: 'string' },
              },
              required: ['target', 'from'],
              additionalProperties: false,
            },
          },
        },
        required: ['root', 'zones'],
        additionalProperties: false,
      },
    ],
    messages: { upward: "'{{spec}}' is above this file's layer. {{why}}" },
  },
  create(context) {
    const { root, zones } = context.options[0];
    const filename = context.physicalFilename ?? context.filename;
    const file = normalise(path.relative(root, filename));
    const applicable = zones
      .map((z) => ({
        target: normalise(z.target),
        from: [].concat(z.from).map(normalise),
        message: z.message ?? '',
      }))
      .filter((z) => within(file, z.target));
    if (applicable.length === 0) return {};

    function check(node, source) {
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const imported = normalise(
        path.relative(root, path.resolve(path.dirname(filename), source.value)),
      );
      for (const zone of applicable) {
        if (zone.from.some((from) => within(imported, from))) {
          context.report({
            node,
            messageId: 'upward',
            data: { spec: source.value, why: zone.message },
          });
          return;
        }
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportEqualsDeclaration: (node) => check(node, node.moduleReference?.expression),
    };
  },
};

export default { rules: { 'no-upward-import': noUpwardImport } };
