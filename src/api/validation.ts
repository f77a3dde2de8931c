/**
 * Input validation at the edge: class-validator rules on the input classes (schema/inputs.ts),
 * reported as BAD_USER_INPUT with the field path of every problem, from the argument name down
 * (`goals[2].name`, `journey.steps[0].sentiment`).
 */
import { validate, type ValidationError, type ValidatorOptions } from 'class-validator';
import type { ValidatorFn } from 'type-graphql';
import { badUserInput, validationProblems } from './errors.js';

const OPTIONS: ValidatorOptions = { skipMissingProperties: false, forbidUnknownValues: false };

/** Problems of an argument value (an input object or a list of them), as paths below `name`. */
export async function argumentProblems(value: unknown, name: string): Promise<{ where: string; message: string }[]> {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) {
    const all = await Promise.all(value.map((item, i) => argumentProblems(item, `${name}[${i}]`)));
    return all.flat();
  }
  const errors: ValidationError[] = await validate(value as object, OPTIONS);
  return validationProblems(errors, name);
}

/** A type-graphql `validateFn` for the argument `name`: throws BAD_USER_INPUT listing every problem. */
export function validated(name: string): ValidatorFn {
  return async (value) => {
    const problems = await argumentProblems(value, name);
    if (problems.length > 0) throw badUserInput(`Invalid input in "${name}"`, problems);
  };
}
