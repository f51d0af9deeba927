import { expect, test } from 'vitest';
import { ApiError } from '../shared/api.js';
import { fieldErrorsFromApi, fieldErrorsFromIssues } from './field-errors.js';

test('zod paths and server paths both name the top-level field', () => {
  expect(fieldErrorsFromIssues([{ path: ['password'] }, { path: ['roles', 0] }])).toEqual({ password: true, roles: true });
  expect(fieldErrorsFromApi(new ApiError('request/invalid', undefined, [{ path: 'username', message: 'x' }]))).toEqual({ username: true });
  expect(fieldErrorsFromApi(new ApiError('request/invalid', undefined, [{ path: '/rank', message: 'x' }]))).toEqual({ rank: true });
  expect(fieldErrorsFromApi(new ApiError('auth/forbidden'))).toEqual({});
});
