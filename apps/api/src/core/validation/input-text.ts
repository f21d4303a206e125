import { JSON_MAX_DEPTH, TEXT_PROBLEM_LABELS, textProblem } from '@portal/shared';
import { AppError } from '../errors/app-error';

/**
 * Field names a client has no business sending: as keys of a parsed object they reach `Object.prototype` or a
 * constructor wherever code indexes a plain object with them (class-transformer copying a body, a lookup table).
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Refuses a string that cannot be stored as given (NUL, lone surrogate), naming the field. */
export function assertCleanText(value: string, field: string): void {
  const problem = textProblem(value);
  if (!problem) return;
  const label = TEXT_PROBLEM_LABELS[problem];
  throw new AppError('INVALID_TEXT', { field, problem: label.zh, problemEn: label.en });
}

/** `body.contracts[3].clientName` from the root's name and the keys and indexes walked. */
function pathOf(root: string, steps: (string | number)[]): string {
  let out = root;
  for (const s of steps) out = typeof s === 'number' ? `${out}[${s}]` : out ? `${out}.${s}` : s;
  return out;
}

/**
 * Walks a parsed request value (a JSON body, the query, a path parameter, multipart fields) and refuses, with the
 * path of the field, any string or key that cannot be stored as given, any prototype-named key, and nesting deeper
 * than JSON_MAX_DEPTH (JSON bodies are also checked before parsing; this covers the query's JSON too). The path is
 * only put together for the error, so walking a large body allocates little.
 */
export function assertCleanInput(value: unknown, root: string): void {
  const steps: (string | number)[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === 'string') {
      if (textProblem(v)) assertCleanText(v, pathOf(root, steps));
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    if (depth > JSON_MAX_DEPTH) throw new AppError('JSON_TOO_DEEP', { limit: JSON_MAX_DEPTH });
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        steps.push(i);
        walk(v[i], depth + 1);
        steps.pop();
      }
      return;
    }
    for (const key of Object.keys(v)) {
      steps.push(key);
      if (FORBIDDEN_KEYS.has(key)) throw new AppError('FIELD_NAME_NOT_ALLOWED', { field: pathOf(root, steps) });
      if (textProblem(key)) assertCleanText(key, pathOf(root, steps));
      walk((v as Record<string, unknown>)[key], depth + 1);
      steps.pop();
    }
  };
  walk(value, 1);
}
