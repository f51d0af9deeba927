// Shared steps for the browser tests: a real server (startTestServer) and people acting
// through the UI, the way they would, found by role and label (never by CSS class).
import { expect } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { generate } from 'otplib';
import { startTestServer, type TestServer } from '@brigade/server/src/testing/start-test-server.js';

export type { TestServer };

export const OPERATOR = {
  username: 'julie',
  password: 'correct-horse-battery-staple',
  rank: 'Adjudante',
  firstName: 'Julie',
  roles: ['operator' as const],
};

/** Where quick exit goes: intercepted so tests never leave the machine. */
export const NEUTRAL_URL = 'https://www.google.fr/';

export async function startServer(env?: Record<string, string>): Promise<TestServer> {
  return startTestServer(env === undefined ? {} : { env });
}

/** A phone-sized context whose quick exit lands on a stub page instead of the real site. */
export async function citizenContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
  await context.route('https://www.google.fr/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><html lang="fr"><title>Google</title><p>neutral</p></html>' }),
  );
  return context;
}

export async function staffContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
}

/**
 * Collects what must never happen in a page of this context: uncaught errors and Content
 * Security Policy violations (our CSP has no 'unsafe-inline' nor 'unsafe-eval').
 */
export async function recordProblems(context: BrowserContext): Promise<string[]> {
  const problems: string[] = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  context.on('console', (message) => {
    if (message.type() === 'error' && message.text().startsWith('CSP violation')) problems.push(message.text());
  });
  context.on('weberror', (error) => problems.push(`page error: ${error.error().message}`));
  return problems;
}

export interface StartOptions {
  topic?: string;
  postalCode?: string;
  danger?: boolean;
}

/** Picks a DSFR radio or checkbox the way people do: by clicking its label (the input itself is hidden under it). */
export async function choose(page: Page | Locator, name: string, exact = false): Promise<void> {
  const input = page.getByRole('radio', { name, exact }).or(page.getByRole('checkbox', { name, exact }));
  if (await input.isChecked()) return;
  const id = await input.getAttribute('id');
  await page.locator(`label[for="${id}"]`).click();
  expect(await input.isChecked()).toBe(true);
}

/** Fills the start screen (French) up to, not including, the submit button. */
export async function fillStartForm(page: Page, options: StartOptions = {}): Promise<void> {
  await choose(page, options.topic ?? 'Violences dans le couple ou la famille');
  await page.getByLabel('Code postal').fill(options.postalCode ?? '35000');
  await choose(page, options.danger ? 'Oui' : 'Non', true);
}

/**
 * Fills the start screen and waits for the waiting room, or, with `answeredBy`, for that agent's
 * heading (with automatic assignment the waiting room may never show).
 */
export async function startConversation(page: Page, url: string, options: StartOptions & { answeredBy?: string } = {}): Promise<void> {
  await page.goto(`${url}/`);
  await fillStartForm(page, options);
  await page.getByRole('button', { name: 'Commencer l’échange' }).click();
  const heading = options.answeredBy ? `${options.answeredBy} vous répond` : 'Un agent va vous répondre';
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

export function messageLog(page: Page) {
  return page.getByRole('log');
}

/** Types like a person (so "typing" is signalled), then presses Enter to send. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Votre message' });
  await box.pressSequentially(text, { delay: 5 });
  await box.press('Enter');
  await page.getByRole('log').getByText(text, { exact: true }).waitFor();
}

/**
 * The code an authenticator app would show now for this secret (`offsetSteps` 1: the next one,
 * which the server still accepts: a second verification within the same 30 s needs it, since a
 * code works once).
 */
export async function totpCode(secret: string, offsetSteps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
}

/** The authenticator's time step (30 s) now, shifted by `offsetSteps`. */
export function totpStep(offsetSteps = 0): number {
  return Math.floor(Date.now() / 30_000) + offsetSteps;
}

/** The code of one absolute time step. */
export async function totpCodeAt(secret: string, step: number): Promise<string> {
  return generate({ secret, epoch: step * 30 });
}

/**
 * A code the server will take after the one of `usedStep`: each step's code works once, and the
 * server accepts one step of drift, so this waits (up to 30 s) until a later step is in reach.
 */
export async function totpCodeAfter(secret: string, usedStep: number): Promise<string> {
  while (totpStep(1) <= usedStep) await new Promise((resolve) => setTimeout(resolve, 250));
  return totpCodeAt(secret, Math.max(usedStep + 1, totpStep()));
}

/**
 * Signs in through the UI: password, then the authenticator code. Each code works once (replay
 * protection), so a test signs an account in this way at most once per 30 s; tests about
 * something else use `signInAs`.
 */
export async function logIn(page: Page, url: string, credentials: { username: string; password: string }, totpSecret: string): Promise<void> {
  await page.goto(`${url}/console`);
  await page.getByRole('textbox', { name: 'Identifiant' }).fill(credentials.username);
  await page.getByLabel('Mot de passe').fill(credentials.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Vérification en deux étapes' }).waitFor();
  await page.getByRole('textbox', { name: 'Code à 6 chiffres' }).fill(await totpCode(totpSecret));
  await page.getByRole('button', { name: 'Valider' }).click();
  await page.getByRole('heading', { name: /File d’attente/ }).waitFor();
}

/**
 * Opens the console already signed in (session made by the test server, as after both factors,
 * so a sensitive action needs no step-up until the server's window passes). `baseUrl` defaults to
 * the server's (see `localhostUrl` for security keys); `landing` is what the first page shows.
 */
export async function signInAs(
  page: Page,
  server: TestServer,
  username: string,
  { baseUrl = server.url, landing = /File d’attente/ }: { baseUrl?: string; landing?: RegExp | string } = {},
): Promise<void> {
  const pair = await server.signIn(username);
  const separator = pair.indexOf('=');
  await page.context().addCookies([{ name: pair.slice(0, separator), value: pair.slice(separator + 1), url: baseUrl }]);
  await page.goto(`${baseUrl}/console`);
  await page.getByRole('heading', { name: landing }).first().waitFor();
}

/**
 * The test server's address with `localhost` instead of 127.0.0.1. WebAuthn refuses an IP
 * address as relying party id (Chromium: "This is an invalid domain"); the server derives the
 * relying party from the Host header, so browsing it as localhost (a secure context too) works.
 */
export function localhostUrl(server: TestServer): string {
  return server.url.replace('//127.0.0.1:', '//localhost:');
}

/** A virtual security key (CTAP2, resident keys, user verification) for this page's browser context. */
export async function addSecurityKey(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'usb',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

/** The step-up dialog ("Confirmez votre identité"), opened when a sensitive action needs a recent second factor. */
export function stepUpDialog(page: Page) {
  return page.getByRole('dialog', { name: 'Confirmez votre identité' });
}

/** Passes the step-up dialog with an authenticator app code. */
export async function stepUpWithCode(page: Page, secret: string, offsetSteps = 0): Promise<void> {
  await stepUpWith(page, await totpCode(secret, offsetSteps));
}

/** Passes the step-up dialog with a given code. */
export async function stepUpWith(page: Page, code: string): Promise<void> {
  const dialog = stepUpDialog(page);
  await dialog.getByRole('textbox', { name: 'Code à 6 chiffres' }).fill(code);
  await dialog.getByRole('button', { name: 'Valider' }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Waits for `done`, passing the step-up dialog on the way if the server asked for it. */
export async function stepUpIfAsked(page: Page, done: Locator, pass: () => Promise<void>): Promise<void> {
  const dialog = stepUpDialog(page);
  await expect.poll(async () => (await dialog.isVisible()) || (await done.isVisible()), { timeout: 15_000 }).toBe(true);
  if (await dialog.isVisible()) await pass();
  await done.waitFor();
}

/** The step-up window of the servers that test it: long enough for a loaded machine, short enough to wait out. */
export const STEP_UP_WINDOW_MS = 3000;
/** Environment of such a server (`startServer(SHORT_STEP_UP)`). */
export const SHORT_STEP_UP = { STEP_UP_MINUTES: String(STEP_UP_WINDOW_MS / 60_000) };

/** Lets the step-up window pass, so that the next sensitive action asks again. */
export async function waitOutStepUp(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, STEP_UP_WINDOW_MS + 300));
}

/** On the enrolment page: reads the key shown for manual entry, enrols, returns the secret and recovery codes. */
export async function enrolAuthenticator(page: Page): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.getByRole('heading', { level: 1, name: 'Protéger votre compte' }).waitFor();
  const shown = await page.getByText(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/).textContent();
  const secret = (shown ?? '').replace(/\s+/g, '');
  await page.getByRole('textbox', { name: 'Code à 6 chiffres' }).fill(await totpCode(secret));
  await page.getByRole('button', { name: 'Activer' }).click();
  await page.getByRole('heading', { level: 1, name: 'Vos codes de secours' }).waitFor();
  const recoveryCodes = (await page.getByRole('list', { name: 'Codes de secours' }).getByRole('listitem').allTextContents()).map((c) => c.trim());
  return { secret, recoveryCodes };
}

/** What the citizen's origin still holds: sessionStorage, localStorage, cookies, IndexedDB names. */
export async function originTraces(context: BrowserContext, url: string) {
  const page = await context.newPage();
  try {
    await page.goto(`${url}/aide/sortie-rapide`);
    const storage = await page.evaluate(async () => ({
      session: Object.keys(sessionStorage),
      local: Object.keys(localStorage),
      indexedDb: 'databases' in indexedDB ? (await indexedDB.databases()).map((d) => d.name ?? '') : [],
      documentCookie: document.cookie,
    }));
    const cookies = await context.cookies(url);
    return { ...storage, cookies: cookies.map((c) => c.name) };
  } finally {
    await page.close();
  }
}

export function expectNoTraces(traces: Awaited<ReturnType<typeof originTraces>>): void {
  expect(traces).toEqual({ session: [], local: [], indexedDb: [], documentCookie: '', cookies: [] });
}

/** The staff identity fields of the setup and account forms. */
export async function fillStaffFields(
  page: Page,
  fields: { rank: string; firstName: string; username: string; password: string },
): Promise<void> {
  await page.getByRole('textbox', { name: /^Grade/ }).fill(fields.rank);
  await page.getByRole('textbox', { name: 'Prénom', exact: true }).fill(fields.firstName);
  await page.getByRole('textbox', { name: /^Identifiant/ }).fill(fields.username);
  await page.getByLabel(/^Mot de passe/).fill(fields.password);
}
