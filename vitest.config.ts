import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The renderer is built once here, never by a test file (test/global-setup.ts).
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    // 2 cores: real ptys, sockets and browsers fight for CPU when over-parallelised.
    maxWorkers: 2,
  },
});
