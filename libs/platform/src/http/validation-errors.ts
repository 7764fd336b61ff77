import { ValidationError } from 'class-validator';

export interface FieldProblem {
  /** Path of the bad field in the request, e.g. `lines[0].amount`. */
  readonly field: string;
  readonly problems: readonly string[];
}

/** The 400 body for invalid input (docs/product.md 4.4: every bad field named). */
export interface ValidationErrorBody {
  readonly statusCode: 400;
  readonly error: 'Bad Request';
  readonly message: string;
  readonly errors: readonly FieldProblem[];
}

function childPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent === '' ? property : `${parent}.${property}`;
}

/** class-validator's error tree flattened to one entry per bad field, with its full path. */
export function fieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = childPath(parent, error.property);
    const own = Object.values(error.constraints ?? {}).map((problem) =>
      // class-validator names only the last property; the path says where it is.
      problem.replace(new RegExp(`^${escapeRegExp(error.property)}\\b`), field),
    );
    const here = own.length > 0 ? [{ field, problems: own }] : [];
    return [...here, ...fieldProblems(error.children ?? [], field)];
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The 400 body naming each field of `fields`. */
export function fieldProblemsBody(fields: readonly FieldProblem[]): ValidationErrorBody {
  const names = fields.map((f) => f.field).join(', ');
  const message =
    fields.length === 0
      ? 'The request is not valid'
      : `${fields.length === 1 ? 'Invalid field' : `${fields.length} invalid fields`}: ${names}`;
  return { statusCode: 400, error: 'Bad Request', message, errors: fields };
}

export function validationErrorBody(errors: readonly ValidationError[]): ValidationErrorBody {
  return fieldProblemsBody(fieldProblems(errors));
}
