/** The GraphQL API: server, schema, configuration and example queries. */
export { createApiServer, packageVersion, type ApiServer, type ApiServerOptions } from './http.js';
export { serveFromEnv, serverOptionsFromEnv, DEFAULT_HOST, DEFAULT_PORT, type ServeOptions } from './env.js';
export { buildApiSchema, printApiSchema } from './schema.js';
export { exampleQueries, loadExampleModels, EXAMPLE_MODEL, type ExampleQuery, type LoadedExample } from './examples.js';
export { apiKeysFromEnv, parseApiKeys, ROLES, type ApiKey, type Role } from './auth.js';
export { DEFAULT_LIMITS, limitsFromEnv, resolveLimits, LIMIT_ENV, type Limits } from './limits.js';
export { jsonLogger, type Logger } from './log.js';
