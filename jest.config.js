/** Every test layer in one run: `npm test`. Select one with `--selectProjects unit|integration|e2e`. */
const moduleNameMapper = {
  '^@app/(event-contracts|event-store|platform|testing)(/.*)?$': '<rootDir>/libs/$1/src$2',
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', isolatedModules: true }],
};
const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  transform,
};

module.exports = {
  globalSetup: '<rootDir>/scripts/jest-global-setup.js',
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/scripts/jest-timeouts.js'],
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/scripts/jest-timeouts.js'],
    },
  ],
};
