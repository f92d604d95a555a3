import { defineConfig } from 'vitest/config'

/**
 * The end-to-end suite against started servers, one file per target (Node + SQLite, Node +
 * PostgreSQL, workerd + D1). Files run one after the other: each starts a whole server.
 */
export default defineConfig({
  test: {
    include: ['test/targets/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    pool: 'forks',
  },
})
