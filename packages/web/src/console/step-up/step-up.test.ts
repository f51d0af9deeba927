import { expect, test, vi } from 'vitest';
import { ApiError } from '../../shared/api.js';
import { runWithStepUp } from './step-up.js';

const stepUp = () => new ApiError('auth/step_up_required');

test('an action that needs no step-up runs once, without asking', async () => {
  const confirm = vi.fn(async () => true);
  await expect(runWithStepUp(async () => 'done', confirm)).resolves.toBe('done');
  expect(confirm).not.toHaveBeenCalled();
});

test('refused for want of a recent second factor: asks, then runs it again', async () => {
  const action = vi.fn<() => Promise<string>>().mockRejectedValueOnce(stepUp()).mockResolvedValueOnce('done');
  const confirm = vi.fn(async () => true);
  await expect(runWithStepUp(action, confirm)).resolves.toBe('done');
  expect(confirm).toHaveBeenCalledTimes(1);
  expect(action).toHaveBeenCalledTimes(2);
});

test('giving up rethrows the server’s answer; so does being asked again and again', async () => {
  const refused = stepUp();
  await expect(runWithStepUp(async () => Promise.reject(refused), async () => false)).rejects.toBe(refused);
  const confirm = vi.fn(async () => true);
  await expect(runWithStepUp(async () => Promise.reject(stepUp()), confirm, 2)).rejects.toMatchObject({ code: 'auth/step_up_required' });
  expect(confirm).toHaveBeenCalledTimes(2);
});

test('other failures pass through untouched', async () => {
  const confirm = vi.fn(async () => true);
  await expect(runWithStepUp(async () => Promise.reject(new ApiError('staff/last_factor')), confirm)).rejects.toMatchObject({ code: 'staff/last_factor' });
  expect(confirm).not.toHaveBeenCalled();
});
