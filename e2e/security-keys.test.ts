// Security keys and passkeys (WebAuthn) with Chromium's virtual authenticator: enrolled at first
// login instead of an app, used at the second step of the login, added later from "Mon compte",
// and used to confirm a sensitive action (step-up). Pages are browsed as localhost: WebAuthn
// refuses an IP address (127.0.0.1) as relying party id.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeScan, launchBrowser } from './support/browser';
import {
  addSecurityKey,
  choose,
  localhostUrl,
  recordProblems,
  SHORT_STEP_UP,
  signInAs,
  staffContext,
  startServer,
  stepUpDialog,
  stepUpWithCode,
  waitOutStepUp,
  type TestServer,
} from './support/brigade';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer(SHORT_STEP_UP);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('a new account enrols a security key at first login, then logs in with it', async () => {
  await server.createStaff({ username: 'cle', password: 'cle-password-2025', rank: 'Gendarme', firstName: 'Lina', roles: ['operator'] }, { withTotp: false });
  const context = await staffContext(browser);
  const problems = await recordProblems(context);
  const page = await context.newPage();
  await addSecurityKey(context, page);
  const base = localhostUrl(server);

  await page.goto(`${base}/console`);
  await page.getByRole('textbox', { name: 'Identifiant' }).fill('cle');
  await page.getByLabel('Mot de passe').fill('cle-password-2025');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Protéger votre compte' }).waitFor();
  // The authenticator app is offered first; the key is the alternative.
  await page.getByRole('img', { name: /QR code/ }).waitFor();
  await choose(page, 'Clé de sécurité ou clé d’accès (passkey)');
  await page.getByRole('textbox', { name: /^Nom de la clé/ }).fill('Clé USB bleue');
  expect(await axeScan(page), 'enrolment, security key').toEqual([]);
  await page.getByRole('button', { name: 'Enregistrer la clé' }).click();
  // The first factor comes with recovery codes, shown once.
  await page.getByRole('heading', { level: 1, name: 'Vos codes de secours' }).waitFor();
  expect(await page.getByRole('list', { name: 'Codes de secours' }).getByRole('listitem').count()).toBe(10);
  await page.getByRole('button', { name: 'J’ai mis mes codes en lieu sûr' }).click();
  await page.getByRole('heading', { name: /File d’attente/ }).waitFor();

  // Next login: password, then the key (offered first, since the account has one).
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.getByRole('textbox', { name: 'Identifiant' }).fill('cle');
  await page.getByLabel('Mot de passe').fill('cle-password-2025');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Vérification en deux étapes' }).waitFor();
  expect(await page.getByRole('button', { name: 'Utiliser un code de secours' }).count()).toBe(1);
  expect(await page.getByRole('button', { name: 'Utiliser l’application d’authentification' }).count()).toBe(0);
  expect(await axeScan(page), 'second factor, security key').toEqual([]);
  await page.getByRole('button', { name: 'Utiliser ma clé de sécurité' }).click();
  await page.getByRole('heading', { name: /File d’attente/ }).waitFor();

  await page.getByRole('button', { name: 'Mon compte' }).click();
  const row = page.getByRole('row').filter({ hasText: 'Clé USB bleue' });
  await expect.poll(() => row.textContent()).toContain('Clé de sécurité');
  expect(problems).toEqual([]);
});

test('a key added from "Mon compte" confirms a sensitive action', async () => {
  const { totpSecret } = await server.createStaff({ username: 'paul', password: 'paul-password-2025', rank: 'Adjudant', firstName: 'Paul', roles: ['operator'] });
  const context = await staffContext(browser);
  const page = await context.newPage();
  await addSecurityKey(context, page);
  const base = localhostUrl(server);
  await signInAs(page, server, 'paul', { baseUrl: base });
  await page.getByRole('button', { name: 'Mon compte' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
  await page.getByRole('row').filter({ hasText: 'test phone' }).waitFor();
  expect(await axeScan(page), 'my account').toEqual([]);

  // Adding a factor to an account that has one needs a recent second factor: the app's code here.
  await waitOutStepUp();
  await page.getByRole('button', { name: 'Ajouter une clé de sécurité' }).click();
  await page.getByRole('textbox', { name: /^Nom de la clé/ }).fill('Clé de service');
  await page.getByRole('button', { name: 'Enregistrer la clé' }).click();
  await stepUpDialog(page).waitFor();
  expect(await axeScan(page), 'step-up dialog').toEqual([]);
  await stepUpWithCode(page, totpSecret ?? '');
  await page.getByText('« Clé de service » a été ajouté.').waitFor();
  await page.getByRole('row').filter({ hasText: 'Clé de service' }).waitFor();

  // Later, removing the app asks again: the key answers (offered first).
  await waitOutStepUp();
  await page.getByRole('button', { name: 'Retirer « test phone »' }).click();
  await page.getByRole('dialog', { name: 'Retirer « test phone » ?' }).getByRole('button', { name: 'Retirer' }).click();
  await stepUpDialog(page).getByRole('button', { name: 'Utiliser ma clé de sécurité' }).click();
  await page.getByText('« test phone » a été retiré.').waitFor();
  await expect.poll(() => page.getByRole('row').filter({ hasText: 'test phone' }).count()).toBe(0);
});
