// The checkpoint of an interrupted import (src/store/neo4j/import-runs.ts): one per model and
// resume key, so that two runs of one import share it, and found by that key without a scan.
CREATE CONSTRAINT import_run_key IF NOT EXISTS FOR (n:ImportRun) REQUIRE (n.model, n.key) IS UNIQUE;
