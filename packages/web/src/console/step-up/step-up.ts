// Step-up: a sensitive action the server refuses with `auth/step_up_required` (no second factor
// in the last minutes) is retried once the person has confirmed their identity.
import { ApiError } from '../../shared/api.js';

export function isStepUpRequired(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'auth/step_up_required';
}

/**
 * Runs `action`; when the server asks for a fresh second factor, asks the person (`confirm`
 * resolves true once verified, false if they gave up) and runs it again. Giving up, or being
 * asked more than `maxPrompts` times, rethrows the server's answer for the page to show.
 */
export async function runWithStepUp<T>(action: () => Promise<T>, confirm: () => Promise<boolean>, maxPrompts = 2): Promise<T> {
  for (let prompts = 0; ; prompts++) {
    try {
      return await action();
    } catch (error) {
      if (!isStepUpRequired(error) || prompts >= maxPrompts) throw error;
      if (!(await confirm())) throw error;
    }
  }
}
