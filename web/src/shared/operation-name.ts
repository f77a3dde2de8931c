import { Kind, parse } from 'graphql';

/**
 * The operation name to send: GraphiQL 5.4 updates its operation name a moment after the
 * editor's text changes, so a run right after switching tabs or typing can name an operation
 * that is no longer in the document. Rule: keep the name when the document defines it; else
 * the only operation's name when there is exactly one; else none (the server then explains).
 */
export function operationNameFor(query: string, requested: string | null | undefined): string | undefined {
  let names: (string | undefined)[];
  try {
    names = parse(query)
      .definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)
      .map((d) => (d.kind === Kind.OPERATION_DEFINITION ? d.name?.value : undefined));
  } catch {
    return requested ?? undefined;
  }
  if (requested && names.includes(requested)) return requested;
  return names.length === 1 ? names[0] : undefined;
}
