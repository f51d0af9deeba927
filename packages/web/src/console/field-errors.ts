// Field names in error, from a client-side schema check or a server `request/invalid` answer.
import { ApiError } from '../shared/api.js';

export type FieldErrors = Readonly<Record<string, boolean>>;

export function fieldErrorsFromIssues(issues: readonly { path: readonly PropertyKey[] | string }[]): FieldErrors {
  const errors: Record<string, boolean> = {};
  for (const issue of issues) {
    const first = typeof issue.path === 'string' ? issue.path.replace(/^\//, '').split(/[./]/)[0] : issue.path[0];
    if (first !== undefined && first !== '') errors[String(first)] = true;
  }
  return errors;
}

export function fieldErrorsFromApi(error: unknown): FieldErrors {
  return error instanceof ApiError && error.code === 'request/invalid' ? fieldErrorsFromIssues(error.issues) : {};
}
