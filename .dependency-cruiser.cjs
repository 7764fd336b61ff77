/**
 * The layout rules of docs/architecture.md ("Layout rules"), checked by `npm run lint`.
 * Module folders are the folders directly under apps/<app>/src.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const specs = '\\.(spec|int-spec|e2e-spec)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-never-import-each-other',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'domain-imports-only-domain',
      comment: 'A domain/ folder imports other domain/ folders and libs/event-contracts only.',
      severity: 'error',
      from: { path: '/domain/', pathNot: specs },
      to: {
        path: '^(apps|libs)/',
        pathNot: ['/domain/', '^libs/event-contracts/'],
      },
    },
    {
      name: 'module-entered-through-index',
      comment:
        'From outside a module folder, only its index.ts (the Nest module and its services) or its ' +
        'domain/index.ts (the pure types and rules) is imported.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/src/([^/]+)/' },
      to: {
        path: '^apps/$1/src/[^/]+/',
        pathNot: ['^apps/$1/src/$2/', '^apps/$1/src/[^/]+/(domain/)?index\\.ts$'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
