/** `npm run preview`'s render step: the page harness runs under jest (see scripts/preview-render.ts). */
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '..',
  testEnvironment: 'node',
  roots: ['<rootDir>/scripts'],
  testMatch: ['**/scripts/preview-render.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 20 * 60 * 1000,
};
