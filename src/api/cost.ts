/**
 * The depth, cost and page sizes of an operation, measured before it runs (rules in limits.ts),
 * and the Apollo plugin that refuses operations beyond the limits and records each request's
 * operation name and outcome for the log.
 */
import {
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  Lexer,
  Source,
  TokenKind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Problem } from '../model/errors.js';
import type { ApiContext } from './context.js';
import { requestError } from './errors.js';
import type { Limits } from './limits.js';
import { formatProblems } from '../model/errors.js';

export interface OperationMeasure {
  depth: number;
  cost: number;
  /** `first` arguments beyond the maximum page size, at their field paths. */
  pageProblems: Problem[];
}

/**
 * The integer an argument gives: a literal; a variable's value from `variables`; for a variable
 * absent from `variables`, the default its declaration in the operation gives (`$n: Int = 500`);
 * otherwise undefined (the caller then uses the default page size).
 */
function intValue(node: ValueNode | undefined, variables: Record<string, unknown>, operation: OperationDefinitionNode): number | undefined {
  if (node === undefined) return undefined;
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) {
    const name = node.name.value;
    if (Object.prototype.hasOwnProperty.call(variables, name)) {
      const v = variables[name];
      return typeof v === 'number' ? v : undefined;
    }
    const declared = operation.variableDefinitions?.find((d) => d.variable.name.value === name)?.defaultValue;
    return declared !== undefined && declared.kind === Kind.INT ? Number(declared.value) : undefined;
  }
  return undefined;
}

/** Cost and relative depth of a selection set (see `visit` in measureOperation). */
interface Measure {
  cost: number;
  depth: number;
}

export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: Limits,
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'query' ? schema.getQueryType() : schema.getSubscriptionType();
  const pageProblems: Problem[] = [];
  /**
   * Each fragment's cost and relative depth, measured on its first spread and reused on later
   * ones: a fragment's cost does not depend on where it is spread (its type condition fixes the
   * type), and its depth below the spread is the same everywhere, so repeated spreads cost a map
   * lookup instead of a walk (without this, a chain of fragments each spreading the next twice
   * takes 2^n walks). Page problems inside a fragment are reported at its first spread's path.
   */
  const fragmentMeasures = new Map<string, Measure>();
  /** Fragments being walked right now: a spread of one of them is a cycle and counts nothing. */
  const walking = new Set<string>();

  /**
   * Cost of a selection set, and its relative depth: the number of field levels it reaches
   * (a field at this level counts 1; an empty set 0). Inline fragments and spreads add no level.
   */
  const visit = (type: GraphQLNamedType | null | undefined, set: SelectionSetNode, path: string): Measure => {
    let cost = 0;
    let depth = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const name = sel.name.value;
        if (name.startsWith('__')) continue;
        const field = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[name] : undefined;
        if (field === undefined) continue;
        const here = path === '' ? name : `${path}.${name}`;
        let multiplier = 1;
        if (field.args.some((a) => a.name === 'first')) {
          const given = intValue(sel.arguments?.find((a) => a.name.value === 'first')?.value, variables, operation);
          if (given !== undefined && given > limits.maxPageSize) {
            pageProblems.push({ where: `${here}.first`, message: `at most ${limits.maxPageSize} per page, got ${given}; page through with "after"` });
          }
          multiplier = Math.max(1, given ?? limits.defaultPageSize);
        } else if (isListType(getNullableType(field.type)) && !(type && type.name.endsWith('Connection'))) {
          multiplier = limits.defaultListSize;
        }
        const inner = sel.selectionSet ? visit(getNamedType(field.type), sel.selectionSet, here) : { cost: 0, depth: 0 };
        cost += 1 + multiplier * inner.cost;
        depth = Math.max(depth, 1 + inner.depth);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const on = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : type;
        const inner = visit(on, sel.selectionSet, path);
        cost += inner.cost;
        depth = Math.max(depth, inner.depth);
      } else {
        const name = sel.name.value;
        const fragment = fragments.get(name);
        if (fragment === undefined || walking.has(name)) continue;
        let inner = fragmentMeasures.get(name);
        if (inner === undefined) {
          walking.add(name);
          inner = visit(schema.getType(fragment.typeCondition.name.value), fragment.selectionSet, path);
          walking.delete(name);
          fragmentMeasures.set(name, inner);
        }
        cost += inner.cost;
        depth = Math.max(depth, inner.depth);
      }
    }
    return { cost, depth };
  };
  const { cost, depth } = visit(root, operation.selectionSet, '');
  return { depth, cost, pageProblems };
}

/**
 * Measures once per parsed document and operation when the request has no variables (Apollo
 * keeps parsed documents, so a repeated query costs a map lookup); with variables, every time.
 */
type MeasureCache = WeakMap<DocumentNode, Map<OperationDefinitionNode, OperationMeasure>>;

function measured(
  cache: MeasureCache,
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  limits: Limits,
): OperationMeasure {
  if (variables !== undefined && Object.keys(variables).length > 0) return measureOperation(schema, document, operation, variables, limits);
  let byOperation = cache.get(document);
  if (byOperation === undefined) {
    byOperation = new Map();
    cache.set(document, byOperation);
  }
  let m = byOperation.get(operation);
  if (m === undefined) {
    m = measureOperation(schema, document, operation, {}, limits);
    byOperation.set(operation, m);
  }
  return m;
}

/** Brackets a query text may nest before it is parsed (see {@link bracketDepth}). */
export const MAX_BRACKET_DEPTH = 100;

/**
 * How deep the brackets `{ [ (` of a query text nest, counted by the lexer, which (unlike the
 * parser) does not recurse: the parser's stack overflows on literals nested a few thousand deep,
 * so such texts are refused before they reach it. The count stops as soon as the depth passes
 * `maxDepth` or the text has more than `maxTokens` tokens (the parser refuses those itself; the
 * lexer keeps every token it made, so counting on would hold a whole oversized text in memory).
 * A text the lexer cannot read gives the depth up to that point; the parser names the error.
 */
export function bracketDepth(text: string, maxDepth: number, maxTokens: number): number {
  const lexer = new Lexer(new Source(text));
  let depth = 0;
  let deepest = 0;
  let tokens = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF && tokens <= maxTokens; token = lexer.advance()) {
      tokens++;
      if (token.kind === TokenKind.BRACE_L || token.kind === TokenKind.BRACKET_L || token.kind === TokenKind.PAREN_L) {
        depth++;
        if (depth > deepest) deepest = depth;
        if (deepest > maxDepth) break;
      } else if (token.kind === TokenKind.BRACE_R || token.kind === TokenKind.BRACKET_R || token.kind === TokenKind.PAREN_R) {
        depth--;
      }
    }
  } catch {
    // A lexing error: the parser names it.
  }
  return deepest;
}

/** Refuses operations beyond the limits before they run; records operation name and outcome. */
export function limitsPlugin(limits: Limits): ApolloServerPlugin<ApiContext> {
  const cache: MeasureCache = new WeakMap();
  return {
    async requestDidStart({ contextValue, request }) {
      if (request.operationName) contextValue.record.operationName = request.operationName;
      return {
        async didResolveOperation({ schema, document, operation, request: req }) {
          if (operation === undefined) return;
          if (operation.name) contextValue.record.operationName = operation.name.value;
          const m = measured(cache, schema, document, operation, req.variables, limits);
          if (m.depth > limits.maxDepth) {
            throw requestError(
              'QUERY_TOO_DEEP',
              `The query nests fields ${m.depth} deep; at most ${limits.maxDepth} are allowed. Split it into several queries, or raise GOALNET_MAX_DEPTH.`,
              { depth: m.depth, maxDepth: limits.maxDepth },
            );
          }
          if (m.pageProblems.length > 0) {
            throw requestError('BAD_USER_INPUT', `Page too large\n${formatProblems(m.pageProblems)}`, {
              field: m.pageProblems[0].where,
              problems: m.pageProblems,
            });
          }
          if (m.cost > limits.maxComplexity) {
            throw requestError(
              'QUERY_TOO_COMPLEX',
              `The query would cost ${m.cost}; at most ${limits.maxComplexity} is allowed (each field costs 1; lists multiply what they select by their page size "first", default ${limits.defaultPageSize}, or by ${limits.defaultListSize}). Ask for fewer fields or smaller pages, or raise GOALNET_MAX_COMPLEXITY.`,
              { cost: m.cost, maxComplexity: limits.maxComplexity },
            );
          }
        },
        async willSendResponse({ response }) {
          if (response.body.kind === 'single') {
            const code = response.body.singleResult.errors?.[0]?.extensions?.code;
            if (typeof code === 'string') contextValue.record.errorCode = code;
            else if (response.body.singleResult.errors?.length) contextValue.record.errorCode = 'INTERNAL_SERVER_ERROR';
          }
        },
      };
    },
  };
}
