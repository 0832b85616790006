import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite instances and child processes are heavy on a 2-core machine.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
