// Every node of a model is keyed by (model, id); a model by its id; a migration by its version.
// Each statement is idempotent (IF NOT EXISTS), so two processes opening the store at once are safe.
CREATE CONSTRAINT migration_version IF NOT EXISTS FOR (n:Migration) REQUIRE n.version IS UNIQUE;
CREATE CONSTRAINT model_id IF NOT EXISTS FOR (n:Model) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT goal_key IF NOT EXISTS FOR (n:Goal) REQUIRE (n.model, n.id) IS UNIQUE;
CREATE CONSTRAINT actor_key IF NOT EXISTS FOR (n:Actor) REQUIRE (n.model, n.id) IS UNIQUE;
CREATE CONSTRAINT touchpoint_key IF NOT EXISTS FOR (n:Touchpoint) REQUIRE (n.model, n.id) IS UNIQUE;
CREATE CONSTRAINT activity_key IF NOT EXISTS FOR (n:Activity) REQUIRE (n.model, n.id) IS UNIQUE;
CREATE CONSTRAINT segment_key IF NOT EXISTS FOR (n:Segment) REQUIRE (n.model, n.id) IS UNIQUE;
CREATE CONSTRAINT journey_key IF NOT EXISTS FOR (n:Journey) REQUIRE (n.model, n.id) IS UNIQUE;
