/**
 * The module graph of each app runs one way (docs/architecture.md, "Layout rules"): no module folder
 * reaches, through others, back to itself. The graph is collapsed to module folders (what a folder's
 * subfolders import counts as the folder's), and taken from production code only: a spec or a test
 * helper may use any module it exercises.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const { options } = require('./.dependency-cruiser.cjs');

module.exports = {
  forbidden: [
    {
      name: 'no-module-cycle',
      severity: 'error',
      from: { path: '^apps/[^/]+/src/[^/]+/$' },
      to: { circular: true },
    },
  ],
  options: {
    ...options,
    collapse: '^apps/[^/]+/src/[^/]+/',
    exclude: {
      path: ['(^|/)(node_modules|dist)/', '\\.(spec|int-spec|e2e-spec)\\.ts$', '^apps/[^/]+/test/'],
    },
  },
};
