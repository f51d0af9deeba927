// "Mon compte" and step-up: new recovery codes (step-up with the app, after cancelling once), the
// last factor cannot go (step-up with a recovery code), sessions listed with the current one
// marked, another one closed (its console ends).
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeScan, launchBrowser } from './support/browser';
import {
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

test('recovery codes, the last factor, and sessions, with step-up where the server asks', async () => {
  const { totpSecret } = await server.createStaff({ username: 'marie', password: 'marie-password-2025', rank: 'Brigadière', firstName: 'Marie', roles: ['operator'] });
  const page = await (await staffContext(browser)).newPage();
  const elsewhere = await (await staffContext(browser)).newPage();
  await signInAs(page, server, 'marie');
  await signInAs(elsewhere, server, 'marie');

  await page.getByRole('button', { name: 'Mon compte' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
  await page.getByText('Il vous reste 0 codes de secours.').waitFor();

  // New recovery codes: confirmed first, then the server wants a recent second factor.
  await waitOutStepUp();
  await page.getByRole('button', { name: 'Générer de nouveaux codes' }).click();
  const confirm = page.getByRole('dialog', { name: 'Générer de nouveaux codes de secours ?' });
  await confirm.waitFor();
  expect(await axeScan(page), 'confirmation dialog').toEqual([]);
  // Escape closes it, and focus goes back to the button that opened it.
  await page.keyboard.press('Escape');
  await confirm.waitFor({ state: 'detached' });
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Générer de nouveaux codes');
  await page.keyboard.press('Enter');
  await confirm.getByRole('button', { name: 'Générer de nouveaux codes' }).click();
  // Giving up: nothing happens, and the page says why.
  await stepUpDialog(page).getByRole('button', { name: 'Annuler l’action' }).click();
  await page.getByRole('alert').getByText('Confirmez votre identité avec votre seconde vérification pour cette action.').waitFor();
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Générer de nouveaux codes');

  await page.getByRole('button', { name: 'Générer de nouveaux codes' }).click();
  await confirm.getByRole('button', { name: 'Générer de nouveaux codes' }).click();
  await stepUpDialog(page).getByRole('textbox', { name: 'Code à 6 chiffres' }).waitFor();
  expect(await axeScan(page), 'step-up dialog, app code').toEqual([]);
  await stepUpWithCode(page, totpSecret ?? '');
  const codes = (await page.getByRole('list', { name: 'Codes de secours' }).getByRole('listitem').allTextContents()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  await page.getByText('Il vous reste 10 codes de secours.').waitFor();
  expect(await axeScan(page), 'new recovery codes').toEqual([]);
  await page.getByRole('button', { name: 'J’ai mis mes codes en lieu sûr' }).click();

  // The only factor cannot be removed: the server says so, after a step-up with a recovery code.
  await waitOutStepUp();
  await page.getByRole('button', { name: 'Retirer « test phone »' }).click();
  await page.getByRole('dialog', { name: 'Retirer « test phone » ?' }).getByRole('button', { name: 'Retirer' }).click();
  await stepUpDialog(page).getByRole('button', { name: 'Utiliser un code de secours' }).click();
  await stepUpDialog(page).getByRole('textbox', { name: 'Code de secours' }).fill(codes[0] ?? '');
  await stepUpDialog(page).getByRole('button', { name: 'Valider' }).click();
  await page.getByRole('alert').getByText('Impossible de retirer la dernière méthode de seconde vérification du compte.').waitFor();
  expect(await page.getByRole('row').filter({ hasText: 'test phone' }).count()).toBe(1);

  // Sessions: this one marked, the other one closed from here.
  const sessions = page.getByRole('table', { name: 'Sessions ouvertes' });
  await expect.poll(() => sessions.getByRole('row').count()).toBe(3);
  await sessions.getByText('Cette session').waitFor();
  expect(await axeScan(page), 'my account with sessions').toEqual([]);
  await sessions.getByRole('button', { name: /^Fermer la session ouverte le/ }).click();
  await page.getByText('La session a été fermée.').waitFor();
  await expect.poll(() => sessions.getByRole('row').count()).toBe(2);
  await elsewhere.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
  await elsewhere.getByText(/Votre session a (pris fin|été fermée)/).waitFor();
});
