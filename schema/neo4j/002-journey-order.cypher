// Journeys are listed page by page in the UTF-16 order of their ids: `sortKey` is the id rewritten
// so that Neo4j's code-point order gives that order (src/store/neo4j/journey-codec.ts, sortKey).
CREATE INDEX journey_order IF NOT EXISTS FOR (n:Journey) ON (n.model, n.sortKey);
