/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking is `tsc --noEmit` in `npm test`; jest only strips types (fast on 2 cores).
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30000,
  // Two worker processes even on 2 cores (jest's default there is one, in band), each replaced once
  // it has grown past the limit: the settle fault sweeps ran 4–5× slower late in one long-lived
  // process (a full run: 9½–17 min in band, under 6 min like this).
  maxWorkers: 2,
  workerIdleMemoryLimit: '700MB',
};
