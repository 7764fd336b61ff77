import { FieldProblem } from './validation-errors';

/** Deeper than any request or message of the product nests (a schedule entry sits at depth 3). */
export const MAX_INPUT_DEPTH = 32;

/** Keys that reach object prototypes when a class is built from the input. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Enough to say what is wrong without echoing a hostile input back in full. */
const MAX_PROBLEMS = 20;

function childPath(parent: string, key: string): string {
  if (/^\d+$/.test(key)) return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** Why PostgreSQL cannot store this text as sent, if it cannot. */
function textProblem(text: string): string | undefined {
  // text and jsonb refuse U+0000; an unpaired surrogate would be stored as U+FFFD, i.e. changed.
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (UNPAIRED_SURROGATE.test(text)) return 'must be well-formed Unicode (it has an unpaired surrogate)';
  return undefined;
}

interface Pending {
  readonly value: unknown;
  readonly path: string;
  readonly depth: number;
}

/**
 * What no field of a request or message may hold, found before any class is built from it:
 * prototype keys, nesting deeper than {@link MAX_INPUT_DEPTH} (building classes from it recurses
 * until the stack overflows), and text PostgreSQL cannot store. Walks without recursion.
 */
export function unsafeInputProblems(input: unknown, root = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, problem: string) => problems.push({ field, problems: [problem] });
  const pending: Pending[] = [{ value: input, path: root, depth: 0 }];
  while (pending.length > 0 && problems.length < MAX_PROBLEMS) {
    const { value, path, depth } = pending.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) add(path, `${path || 'the value'} ${problem}`);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_INPUT_DEPTH) {
      add(path, `${path || 'the value'} nests deeper than ${MAX_INPUT_DEPTH} levels`);
      continue;
    }
    for (const key of Object.keys(value)) {
      const field = childPath(path, key);
      if (PROTOTYPE_KEYS.has(key)) add(field, `property ${field} should not exist`);
      else if (textProblem(key)) add(field, `property ${field.slice(0, 100)} should not exist`);
      else pending.push({ value: (value as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
  return problems;
}
