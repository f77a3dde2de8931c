/**
 * Errors the product reports to people: each says what was wrong, where (a file and line, a JSON
 * path or a field), and what to do.
 */

export type ErrorCode =
  /** Input that breaks the model's rules: fix the input and try again. */
  | 'BAD_INPUT'
  /** A model, entity or journey that does not exist. */
  | 'NOT_FOUND'
  /** A write refused because of what is already stored (a reference, a duplicate). */
  | 'CONFLICT'
  /** The store cannot be reached or refused the credentials. */
  | 'STORE_UNAVAILABLE';

export interface Problem {
  /** Where: a JSON path (`goals[3].parent`), `file:line`, or a field name. */
  where: string;
  /** What was wrong and what to do. */
  message: string;
}

export class GoalnetError extends Error {
  readonly code: ErrorCode;
  readonly problems: Problem[];

  constructor(code: ErrorCode, message: string, problems: Problem[] = []) {
    super(problems.length === 0 ? message : `${message}\n${formatProblems(problems)}`);
    this.name = 'GoalnetError';
    this.code = code;
    this.problems = problems;
  }
}

export function formatProblems(problems: Problem[], limit = 20): string {
  const lines = problems.slice(0, limit).map((p) => `  ${p.where}: ${p.message}`);
  if (problems.length > limit) lines.push(`  … and ${problems.length - limit} more`);
  return lines.join('\n');
}

export function badInput(message: string, problems: Problem[] = []): GoalnetError {
  return new GoalnetError('BAD_INPUT', message, problems);
}

export function notFound(message: string): GoalnetError {
  return new GoalnetError('NOT_FOUND', message);
}

export function conflict(message: string, problems: Problem[] = []): GoalnetError {
  return new GoalnetError('CONFLICT', message, problems);
}
