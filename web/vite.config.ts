/**
 * Vite build of the web front end: two pages, bundled for a machine without internet.
 *
 *   npx vite build --config web/vite.config.ts     → dist/web/{ide,network}.html + dist/web/assets/*
 *
 * Rules:
 * - root is web/, base is `/`: the API server serves the pages at /ide and /network/:modelId and
 *   every asset at /assets/<name>-<hash>.<ext>, so asset URLs must be absolute.
 * - Everything comes from node_modules: GraphiQL, Monaco (and its web workers, bundled as
 *   separate ES-module worker files), sigma, graphology, React. No CDN, no web fonts.
 * - The IDE's example tabs are the API's `exampleQueries()` (src/api/examples.ts), evaluated at
 *   build time and bundled as the virtual module `virtual:goalnet-examples`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(webRoot, '..');
const EXAMPLES_SOURCE = path.join(repoRoot, 'src', 'api', 'examples.ts');
const EXAMPLES_MODULE = 'virtual:goalnet-examples';

interface ExampleQuery {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

/** Bundles `exampleQueries()` of the API as a JSON array (see the module comment). */
function goalnetExamples(): Plugin {
  const resolved = `\0${EXAMPLES_MODULE}`;
  return {
    name: 'goalnet-examples',
    resolveId(id) {
      return id === EXAMPLES_MODULE ? resolved : undefined;
    },
    async load(id) {
      if (id !== resolved) return undefined;
      this.addWatchFile(EXAMPLES_SOURCE);
      const { tsImport } = await import('tsx/esm/api');
      let examples: unknown;
      try {
        const mod = (await tsImport(EXAMPLES_SOURCE, import.meta.url)) as { exampleQueries?: () => unknown };
        if (typeof mod.exampleQueries !== 'function') throw new Error('it does not export exampleQueries()');
        examples = mod.exampleQueries();
      } catch (error) {
        throw new Error(`goalnet-examples: could not load the example queries from ${EXAMPLES_SOURCE}: ${(error as Error).message}`);
      }
      if (!Array.isArray(examples) || !examples.every(isExample)) {
        throw new Error(`goalnet-examples: exampleQueries() in ${EXAMPLES_SOURCE} must return [{ name, query, variables? }]`);
      }
      return `export default ${JSON.stringify(examples)};`;
    },
  };
}

function isExample(value: unknown): value is ExampleQuery {
  const v = value as ExampleQuery;
  return typeof v === 'object' && v !== null && typeof v.name === 'string' && typeof v.query === 'string';
}

export default defineConfig({
  root: webRoot,
  base: '/',
  publicDir: false,
  plugins: [react(), goalnetExamples()],
  worker: { format: 'es' },
  build: {
    outDir: path.join(repoRoot, 'dist', 'web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    reportCompressedSize: false,
    // Monaco is one large chunk by nature; it is served from this machine, not the internet.
    chunkSizeWarningLimit: 6000,
    rolldownOptions: {
      onwarn(warning, warn) {
        // GraphiQL's modules start with React Compiler's "use no memo"; dropping it is harmless.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      input: {
        ide: path.join(webRoot, 'ide.html'),
        network: path.join(webRoot, 'network.html'),
      },
    },
  },
});
