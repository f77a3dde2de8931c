/**
 * The GraphQL schema of the API, built once from the type-graphql resolvers. `printApiSchema`
 * gives the SDL checked in as schema/schema.graphql (types sorted by name, so the file only
 * changes when the schema does).
 */
import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { ActorNetworkResolver, AnalysisResolver } from './resolvers/analysis.js';
import {
  ActivityResolver,
  ActorResolver,
  GoalResolver,
  JourneyResolver,
  ModelResolver,
  PartnershipResolver,
  SegmentResolver,
  StepResolver,
  TouchpointResolver,
} from './resolvers/entities.js';
import { MutationResolver } from './resolvers/mutations.js';

let built: GraphQLSchema | undefined;

export function buildApiSchema(): GraphQLSchema {
  built ??= buildSchemaSync({
    resolvers: [
      ModelResolver,
      GoalResolver,
      ActivityResolver,
      ActorResolver,
      TouchpointResolver,
      PartnershipResolver,
      SegmentResolver,
      JourneyResolver,
      StepResolver,
      AnalysisResolver,
      ActorNetworkResolver,
      MutationResolver,
    ],
    // Input arguments carry their own validateFn (validation.ts); this covers any that do not.
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
  });
  return built;
}

/** The schema's SDL, types sorted by name, ending with a newline. */
export function printApiSchema(): string {
  return `${printSchema(lexicographicSortSchema(buildApiSchema())).trimEnd()}\n`;
}
