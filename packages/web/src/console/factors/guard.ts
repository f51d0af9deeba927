// How an enrolment form runs its server calls: directly at first login, or through the step-up
// dialog later (adding a factor to an account that has one needs a recent second factor).
export type Guard = <T>(action: () => Promise<T>) => Promise<T>;

export const unguarded: Guard = (action) => action();
