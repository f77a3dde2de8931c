#!/usr/bin/env node
/**
 * The `goalnet` command line. Each command is a thin shell over the library.
 * Exit codes: 0 ok, 1 bad input (or rejected rows), 2 usage.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { realpathSync } from 'node:fs';
import { UsageError, consoleOutput, describeFailure, type Output } from './context.js';
import { exportCommand, importCommand, modelsCommand, showCommand, validateCommand } from './model-commands.js';
import { ANALYSIS_COMMANDS, analysisOptions, runAnalysisCommand } from './analysis-commands.js';
import { layoutCommand, layoutOptions, type LayoutFlags } from './layout-command.js';
import { serveCommand, serveOptions, type ServeFlags } from './serve-command.js';

export const HELP = `goalnet: customer goal-network modeller

Usage: goalnet COMMAND [ARGS] [OPTIONS]

Server
  serve [--demo] [--port N] [--host H] [--examples]
                                         the GraphQL API, its IDE (/ide) and the actor-network
                                         viewer (/network/MODEL); --demo needs no API key

Models and journeys
  validate FILE [--events LOG]           check a model file (and an event log against it)
  import MODEL [--events LOG] [--rejects FILE]
                                         write a model file (and its journeys) into the store
  show MODEL [--events LOG]              goal tree, activities, actors, touchpoints, journey counts
  show --examples                        the example models in seeds/ with their event logs
  export MODEL [--format json] [--out FILE]
                                         the normalised model file
  models                                 the models in the store

Analyses (table by default; --json or --csv for scripts)
  transitions MODEL [--events LOG]       directly-follows counts between activities
  gaps MODEL [--events LOG] [--by activity|goal] [--structural]
                                         where customers get stuck, ranked
  partners MODEL [--events LOG] [--focal ACTOR]
                                         partner opportunities for the focal actor
  channels MODEL [--events LOG] [--focal ACTOR]
                                         phase × channel presence of customers and the firm
  pressure MODEL [--events LOG] [--focal ACTOR]
                                         firm-initiated contacts and what follows them
  satisfaction MODEL [--events LOG]      goal satisfaction up the goal tree; best leaf to fix
  network MODEL [--events LOG]           actor-network measures and communities
  Restrict any analysis with --segment ID, --from DATE, --to DATE; transitions, gaps,
  channels and pressure also with --phase PHASE. --limit N keeps the top N rows.

Actor network
  layout MODEL [--events LOG] --out FILE.(gexf|graphml|json|svg|png)
         [--iterations N] [--seed N] [--size-by MEASURE] [--color-by community|kind]
                                         ForceAtlas2 layout for Gephi, sigma.js or a picture

MODEL is a model file (.json, .yaml) or the id of a model in the store. Without --events an
analysis uses the journeys already in the store.
The store: Neo4j when NEO4J_URI is set, else the snapshot file GOALNET_DATA
(default .goalnet/snapshot.json; GOALNET_DATA=none keeps nothing).

Exit codes: 0 ok, 1 bad input, 2 usage.`;

export async function run(argv: string[], io: Output = consoleOutput): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(HELP);
    return command === undefined ? 2 : 0;
  }
  try {
    if (ANALYSIS_COMMANDS.includes(command)) {
      const { values, positionals } = parse(rest, analysisOptions);
      return await runAnalysisCommand(command, positionals[0], values, io);
    }
    switch (command) {
      case 'validate': {
        const { values, positionals } = parse(rest, { events: { type: 'string' } });
        return await validateCommand(positionals[0], (values as { events?: string }).events, io);
      }
      case 'import': {
        const { values, positionals } = parse(rest, { events: { type: 'string' }, rejects: { type: 'string' } });
        return await importCommand(positionals[0], values as { events?: string; rejects?: string }, io);
      }
      case 'show': {
        const { values, positionals } = parse(rest, {
          events: { type: 'string' },
          rejects: { type: 'string' },
          examples: { type: 'boolean' },
        });
        return await showCommand(positionals[0], values as { events?: string; rejects?: string; examples?: boolean }, io);
      }
      case 'export': {
        const { values, positionals } = parse(rest, { format: { type: 'string' }, out: { type: 'string' } });
        return await exportCommand(positionals[0], values as { format?: string; out?: string }, io);
      }
      case 'layout': {
        const { values, positionals } = parse(rest, layoutOptions);
        return await layoutCommand(positionals[0], values as LayoutFlags, io);
      }
      case 'serve': {
        const { values } = parse(rest, serveOptions, 0);
        return await serveCommand(values as ServeFlags, io);
      }
      case 'models':
        parse(rest, {}, 0);
        return await modelsCommand(io);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    const failure = describeFailure(error);
    io.err(failure.message);
    if (process.env.GOALNET_DEBUG && error instanceof Error) io.err(error.stack ?? '');
    return failure.code;
  }
}

type OptionSpec = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** Parses a command's flags; more positional arguments than `maxPositionals` is a usage error. */
function parse(args: string[], options: OptionSpec, maxPositionals = 1) {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/\. To specify.*$/s, '') : String(error));
  }
  if (parsed.positionals.length > maxPositionals) throw new UsageError(`unexpected argument "${parsed.positionals[maxPositionals]}"`);
  return parsed;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (invokedDirectly) {
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
