import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // type-graphql (CommonJS) loads graphql's index.js; make our code load the same module, not
    // index.mjs, or graphql refuses schemas "from another module or realm" (src/api, test/api).
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Starts one Neo4j for the run (or uses NEO4J_URI); see the file for when tests are skipped.
    globalSetup: ['test/setup/neo4j-global.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
