/**
 * Some graph packages are CommonJS modules whose type declarations say `export default`. Node
 * hands their `module.exports` to a default import, while TypeScript expects `.default`: this
 * returns the function either way.
 */
export function cjsDefault<T>(imported: { default: T } | T): T {
  const maybe = imported as { default?: T };
  return maybe.default !== undefined ? maybe.default : (imported as T);
}
