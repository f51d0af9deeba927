// First start: the administrator follows the setup link, enrols an authenticator app, lands in
// the console, creates an operator account; the operator signs in (enrolment, then a recovery code).
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser';
import { choose, enrolAuthenticator, fillStaffFields, staffContext, startServer, type TestServer } from './support/brigade';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('a setup link without its token, or with a wrong one, is refused', async () => {
  const context = await staffContext(browser);
  const page = await context.newPage();
  await page.goto(`${server.url}/setup`);
  await page.getByText('Le lien d’installation est incomplet.', { exact: false }).waitFor();

  // A new page: a mere change of #fragment would not reload the app.
  const withWrongToken = await context.newPage();
  await withWrongToken.goto(`${server.url}/setup#token=not-the-token`);
  await fillStaffFields(withWrongToken, { rank: 'Capitaine', firstName: 'Alex', username: 'alex', password: 'a-long-enough-password' });
  await withWrongToken.getByRole('button', { name: 'Créer le compte et entrer' }).click();
  await withWrongToken.getByRole('alert').getByText('Le lien d’installation n’est pas valide ou a expiré.').waitFor();
  await context.close();
});

test('first administrator, then an operator account, then the operator logs in', async () => {
  expect(server.setupToken).not.toBeNull();
  const admin = await (await staffContext(browser)).newPage();

  await admin.goto(`${server.url}/setup#token=${encodeURIComponent(server.setupToken ?? '')}`);
  // The one-time token leaves the address bar at once.
  expect(admin.url()).toBe(`${server.url}/setup`);
  await admin.getByRole('heading', { level: 1, name: 'Créer le premier compte administrateur' }).waitFor();

  // Too short a password is caught before anything is sent.
  await fillStaffFields(admin, { rank: 'Capitaine', firstName: 'Alex', username: 'alex', password: 'short' });
  await admin.getByRole('button', { name: 'Créer le compte et entrer' }).click();
  await admin.getByText('Vérifiez les champs signalés.').waitFor();
  expect(await admin.getByLabel(/^Mot de passe/).getAttribute('aria-invalid')).toBe('true');

  await admin.getByLabel(/^Mot de passe/).fill('capitaine-alex-2025!');
  await admin.getByRole('button', { name: 'Créer le compte et entrer' }).click();
  // Before the console: an authenticator app, and recovery codes shown once.
  const adminFactor = await enrolAuthenticator(admin);
  expect(adminFactor.recoveryCodes.length).toBeGreaterThan(0);
  await admin.getByRole('button', { name: 'J’ai mis mes codes en lieu sûr' }).click();
  await admin.getByRole('heading', { name: /File d’attente/ }).waitFor();
  expect(admin.url()).toBe(`${server.url}/console`);
  await admin.getByText('Capitaine Alex').waitFor();

  // The setup link does not work twice.
  const again = await (await staffContext(browser)).newPage();
  await again.goto(`${server.url}/setup#token=${encodeURIComponent(server.setupToken ?? '')}`);
  await fillStaffFields(again, { rank: 'Capitaine', firstName: 'Eve', username: 'eve', password: 'another-long-password' });
  await again.getByRole('button', { name: 'Créer le compte et entrer' }).click();
  await again.getByRole('alert').filter({ hasText: /déjà installée|pas valide/ }).waitFor();

  // Accounts: the administrator creates an operator.
  await admin.getByRole('button', { name: 'Comptes' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Comptes' }).waitFor();
  await admin.getByRole('cell', { name: 'alex', exact: true }).waitFor();
  await fillStaffFields(admin, { rank: 'Maréchale des logis', firstName: 'Sarah', username: 'sarah', password: 'sarah-password-123' });
  await choose(admin, 'Opérateur');
  await admin.getByRole('button', { name: 'Créer le compte', exact: true }).click();
  await admin.getByText('Le compte « sarah » a été créé.').waitFor();
  await admin.getByRole('cell', { name: 'Maréchale des logis Sarah', exact: true }).waitFor();

  // The same username twice is refused, with the API's error translated.
  await fillStaffFields(admin, { rank: 'Gendarme', firstName: 'Sam', username: 'sarah', password: 'another-password-456' });
  await admin.getByRole('button', { name: 'Créer le compte', exact: true }).click();
  await admin.getByRole('alert').getByText('Cet identifiant est déjà utilisé.').waitFor();

  await admin.getByRole('button', { name: 'Se déconnecter' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();

  // The operator's first sign-in: wrong password refused, then password and enrolment.
  const operator = await (await staffContext(browser)).newPage();
  await operator.goto(`${server.url}/console`);
  await operator.getByRole('textbox', { name: 'Identifiant' }).fill('sarah');
  await operator.getByLabel('Mot de passe').fill('wrong-password-000');
  await operator.getByRole('button', { name: 'Se connecter' }).click();
  await operator.getByRole('alert').getByText('Identifiant ou mot de passe incorrect.').waitFor();
  await operator.getByLabel('Mot de passe').fill('sarah-password-123');
  await operator.getByRole('button', { name: 'Se connecter' }).click();
  const { recoveryCodes } = await enrolAuthenticator(operator);
  await operator.getByRole('button', { name: 'J’ai mis mes codes en lieu sûr' }).click();
  await operator.getByRole('heading', { name: /File d’attente/ }).waitFor();
  await operator.getByText('Maréchale des logis Sarah').waitFor();
  expect(await operator.getByRole('button', { name: 'Comptes' }).count()).toBe(0);

  // Next time: password, then the second factor (here a recovery code: no phone at hand).
  await operator.getByRole('button', { name: 'Se déconnecter' }).click();
  await operator.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
  await operator.getByRole('textbox', { name: 'Identifiant' }).fill('sarah');
  await operator.getByLabel('Mot de passe').fill('sarah-password-123');
  await operator.getByRole('button', { name: 'Se connecter' }).click();
  await operator.getByRole('heading', { level: 1, name: 'Vérification en deux étapes' }).waitFor();
  await operator.getByRole('textbox', { name: 'Code à 6 chiffres' }).fill('000000');
  await operator.getByRole('button', { name: 'Valider' }).click();
  await operator.getByRole('alert').getByText('Ce code n’est pas valide.', { exact: false }).waitFor();
  await operator.getByRole('button', { name: 'Utiliser un code de secours' }).click();
  await operator.getByRole('textbox', { name: 'Code de secours' }).fill(recoveryCodes[0] ?? '');
  await operator.getByRole('button', { name: 'Valider' }).click();
  await operator.getByRole('heading', { name: /File d’attente/ }).waitFor();

  // A reload keeps the session (HttpOnly cookie), and logging out ends it.
  await operator.reload();
  await operator.getByRole('heading', { name: /File d’attente/ }).waitFor();
  await operator.getByRole('button', { name: 'Se déconnecter' }).click();
  await operator.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
  await operator.reload();
  await operator.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
});
