// Runs before the app bundle (a classic script, so it executes first). Zod, used to validate
// every frame from the server, probes `new Function` when its first schema is built; under our
// CSP (script-src 'self', no 'unsafe-eval') that probe is refused and reported as a violation.
// "jitless" tells zod not to try. Must run before any schema exists, hence this separate file.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
