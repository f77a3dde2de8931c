/**
 * Measuring an operation before it runs (src/api/cost.ts): fragments spread many times are
 * measured once each, and variables left out take the default their declaration gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, type OperationDefinitionNode } from 'graphql';
import { buildApiSchema } from '../../src/api/schema.js';
import { measureOperation } from '../../src/api/cost.js';
import { resolveLimits } from '../../src/api/limits.js';
import { firstError, startApi, type TestApi } from './helpers.js';

/** `fragment F0 on Query { ...F1 ...F1 }` … down to a fragment that selects `models { id }`. */
function doublingChain(n: number): string {
  const lines = ['query Chain { ...F0 }'];
  for (let i = 0; i < n - 1; i++) lines.push(`fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`);
  lines.push(`fragment F${n - 1} on Query { models { id } }`);
  return lines.join('\n');
}

describe('operation cost', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('measures a 30-fragment chain, each spreading the next twice, and refuses it as too complex', async () => {
    const r = await api.gql(doublingChain(30));
    expect(r.status).toBe(400);
    const e = firstError(r);
    expect(e.code).toBe('QUERY_TOO_COMPLEX');
    // 2^29 spreads of `models { id }` (1 + 20 × 1 each).
    expect(e.extensions.cost).toBe(2 ** 29 * 21);
  });

  it('gives repeated fragment spreads their cost and depth at every place', () => {
    const schema = buildApiSchema();
    const document = parse(`query { ...M model(id: "x") { ...G } }
      fragment M on Query { models { id } }
      fragment G on Model { goals { id } }
      fragment N on Query { ...M }`);
    const operation = document.definitions[0] as OperationDefinitionNode;
    const limits = resolveLimits({});
    const m = measureOperation(schema, document, operation, {}, limits);
    expect(m).toMatchObject({ cost: 21 + 1 + 21, depth: 3 });
    const twice = parse(`query { ...M ...M model(id: "x") { ...G ...G } }
      fragment M on Query { models { id } }
      fragment G on Model { goals { id } }`);
    const op2 = twice.definitions[0] as OperationDefinitionNode;
    expect(measureOperation(schema, twice, op2, {}, limits)).toMatchObject({ cost: 42 + 1 + 42, depth: 3 });
  });

  it('uses the declared default of a variable the request leaves out, like a literal', async () => {
    const field = (n: string) =>
      `model(id: "home-purchase") { journeys(first: ${n}) { edges { node { steps(first: ${n}) { edges { node { activityId } } } } } } }`;
    const literal = await api.gql(`{ ${field('500')} }`);
    expect(firstError(literal).code).toBe('QUERY_TOO_COMPLEX');
    const declared = await api.gql(`query($n: Int = 500) { ${field('$n')} }`);
    expect(declared.status).toBe(400);
    expect(firstError(declared).code).toBe('QUERY_TOO_COMPLEX');
    expect(firstError(declared).extensions.cost).toBe(firstError(literal).extensions.cost);
    // A value sent for the variable still wins over the default.
    const sent = await api.gql(`query($n: Int = 500) { model(id: "home-purchase") { journeys(first: $n) { totalCount } } }`, { n: 2 });
    expect(sent.errors).toBeUndefined();
  });
});
