/** The API's example operations, bundled at build time by web/vite.config.ts. */
declare module 'virtual:goalnet-examples' {
  const examples: ReadonlyArray<{ name: string; query: string; variables?: Record<string, unknown> }>;
  export default examples;
}
