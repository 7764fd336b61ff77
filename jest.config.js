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
  // Two test files at a time on the 2-core machines CI uses: the suite is mostly waiting on Kafka,
  // PostgreSQL and service processes, so two workers take about 8 minutes where Jest's default of
  // one (cores - 1) takes 13-17. Every test is written to hold under that contention.
  maxWorkers: 2,
  globalSetup: '<rootDir>/scripts/jest-global-setup.js',
  globalTeardown: '<rootDir>/scripts/jest-global-teardown.js',
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/deploy/**/*.spec.ts'],
    },
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
