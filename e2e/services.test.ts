// Services and postal codes: an administrator creates a service and imports the postal codes it
// covers from a CSV file (a wrong line refuses the file, with its line number), reads the coverage
// with commune names, renames and deletes services; a citizen's postal code is named as they type
// it (or refused if it does not exist), and their conversation reaches the service covering it.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeScan, launchBrowser } from './support/browser';
import { choose, citizenContext, recordProblems, signInAs, staffContext, startServer, type TestServer } from './support/brigade';

let server: TestServer;
let browser: Browser;

const SERVICE = 'Brigade numérique de Rennes';

beforeAll(async () => {
  server = await startServer();
  await server.createStaff({ username: 'admin', password: 'admin-password-2025', rank: 'Commandant', firstName: 'Anne', roles: ['admin'] });
  await server.createStaff({ username: 'chef', password: 'chef-password-2025', rank: 'Capitaine', firstName: 'Rose', roles: ['supervisor'] });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Chooses a CSV file in the import form, as a person picks one from their disk. */
async function chooseCsv(page: Page, name: string, text: string): Promise<void> {
  await page.getByLabel(/^Fichier CSV/).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
}

test('an administrator creates a service, imports its postal codes and reads them with commune names', async () => {
  const context = await staffContext(browser);
  const problems = await recordProblems(context);
  const admin = await context.newPage();
  await signInAs(admin, server, 'admin', { landing: 'Comptes' });
  await admin.getByRole('navigation', { name: 'Menu de la console' }).getByRole('button', { name: 'Services' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Services et codes postaux' }).waitFor();
  await admin.getByText('Aucun service pour l’instant').waitFor();

  // A name too short is refused on its field; then the service is created.
  await admin.getByRole('textbox', { name: /^Nom du service/ }).fill('X');
  await admin.getByRole('button', { name: 'Créer le service' }).click();
  await admin.getByText('Saisissez un nom de 2 à 80 caractères.').waitFor();
  await admin.getByRole('textbox', { name: /^Nom du service/ }).fill(SERVICE);
  await admin.getByRole('button', { name: 'Créer le service' }).click();
  await admin.getByRole('status').getByText(`Le service « ${SERVICE} » a été créé.`, { exact: false }).waitFor();
  const row = admin.getByRole('row').filter({ hasText: SERVICE });
  await expect.poll(() => row.getByRole('cell').allTextContents()).toEqual([SERVICE, '0', expect.any(String)]);

  // A file with wrong lines is refused, each line named; nothing is imported.
  await admin.getByRole('button', { name: `Importer les codes postaux de ${SERVICE}` }).click();
  await admin.getByRole('heading', { name: `Importer les codes postaux de « ${SERVICE} »` }).waitFor();
  await chooseCsv(admin, 'rennes.csv', 'code_postal;commune\n35000;Rennes\n3500;Rennes\n99999;Nulle part\n35400;Saint-Malo\n');
  await admin.getByRole('button', { name: 'Importer le fichier' }).click();
  const refused = admin.getByRole('alert').filter({ hasText: 'Fichier refusé : 2 lignes à corriger.' });
  await refused.waitFor();
  await refused.getByText('Ligne 3 : « 3500 » n’est pas un code postal à 5 chiffres.').waitFor();
  await refused.getByText('Ligne 4 : le code postal 99999 n’existe pas.').waitFor();
  expect(await axeScan(admin), 'import refused').toEqual([]);
  expect(await row.getByRole('cell').nth(1).textContent()).toBe('0');

  // The corrected file (semicolons, a header, Windows line ends) is imported.
  await chooseCsv(admin, 'rennes.csv', 'code_postal;commune\r\n35000;Rennes\r\n35200;Rennes\r\n35400;Saint-Malo\r\n');
  await expect.poll(() => refused.count()).toBe(0);
  await admin.getByRole('button', { name: 'Importer le fichier' }).click();
  await admin.getByRole('status').getByText(`Import terminé : « ${SERVICE} » couvre maintenant 3 code(s) postal(aux).`).waitFor();
  await expect.poll(() => row.getByRole('cell').nth(1).textContent()).toBe('3');

  // The coverage, named.
  await admin.getByRole('button', { name: `Voir les codes postaux de ${SERVICE}` }).click();
  const coverage = admin.getByRole('region', { name: `Codes postaux couverts par « ${SERVICE} »` });
  await coverage.getByRole('row').filter({ hasText: '35400' }).waitFor();
  expect(await coverage.getByRole('row').filter({ hasText: '35400' }).getByRole('cell').allTextContents()).toEqual([
    '35400',
    'Saint-Malo',
    'Ille-et-Vilaine (35)',
  ]);
  expect(await coverage.getByRole('row').filter({ hasText: '35000' }).getByRole('cell').nth(1).textContent()).toBe('Rennes');
  await coverage.getByRole('searchbox', { name: /^Filtrer/ }).fill('saint');
  await coverage.getByText('Codes postaux correspondants : 1.').waitFor();
  expect(await axeScan(admin), 'coverage').toEqual([]);
  await coverage.getByRole('button', { name: 'Fermer' }).click();

  // Another service: renamed, then deleted after confirming.
  await admin.getByRole('textbox', { name: /^Nom du service/ }).fill('Plateforme police');
  await admin.getByRole('button', { name: 'Créer le service' }).click();
  await admin.getByRole('button', { name: 'Renommer Plateforme police' }).click();
  const newName = admin.getByRole('textbox', { name: /^Nouveau nom/ });
  await expect.poll(() => newName.evaluate((el) => el === document.activeElement)).toBe(true);
  await newName.fill(SERVICE.toUpperCase());
  await admin.getByRole('button', { name: 'Enregistrer le nom' }).click();
  await admin.getByText('Un service porte déjà ce nom.').waitFor();
  await newName.fill('Plateforme de la police nationale');
  await admin.getByRole('button', { name: 'Enregistrer le nom' }).click();
  await admin.getByRole('status').getByText('Le service « Plateforme police » s’appelle maintenant « Plateforme de la police nationale ».').waitFor();
  await admin.getByRole('button', { name: 'Supprimer Plateforme de la police nationale' }).click();
  const dialog = admin.getByRole('dialog', { name: 'Supprimer le service « Plateforme de la police nationale » ?' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Supprimer' }).click();
  await admin.getByRole('status').getByText('Le service « Plateforme de la police nationale » a été supprimé.', { exact: false }).waitFor();
  await expect.poll(() => admin.getByRole('row').filter({ hasText: 'Plateforme de la police' }).count()).toBe(0);
  expect(problems).toEqual([]);
  await context.close();
});

test('a citizen sees the commune of their postal code, and reaches the service covering it', async () => {
  const context = await citizenContext(browser);
  const problems = await recordProblems(context);
  const citizen = await context.newPage();
  await citizen.goto(`${server.url}/`);
  const postalCode = citizen.getByLabel('Code postal');

  // A code that does not exist is refused on the field as it is typed.
  await postalCode.fill('75000');
  await citizen.getByText('Ce code postal n’existe pas. Vérifiez-le.').waitFor();
  expect(await postalCode.getAttribute('aria-invalid')).toBe('true');
  await postalCode.fill('35400');
  await citizen.getByText('Code postal de Saint-Malo (Ille-et-Vilaine).').waitFor();
  expect(await postalCode.getAttribute('aria-invalid')).toBeNull();
  expect(await axeScan(citizen), 'start screen with the place named').toEqual([]);

  await choose(citizen, 'Violences dans le couple ou la famille');
  await choose(citizen, 'Non', true);
  await citizen.getByRole('button', { name: 'Commencer l’échange' }).click();
  await citizen.getByRole('heading', { level: 1, name: 'Un agent va vous répondre' }).waitFor();

  // Staff see which service it went to.
  const supervisor = await (await staffContext(browser)).newPage();
  await signInAs(supervisor, server, 'chef');
  const entry = supervisor.getByRole('listitem').filter({ hasText: 'Violences dans le couple' });
  await entry.getByText(`Service : ${SERVICE}`, { exact: false }).waitFor();
  expect(await entry.textContent()).toContain('35400');
  // Nothing about it stays in the citizen's browser but the conversation's own token.
  expect(await citizen.evaluate(() => Object.keys(localStorage))).toEqual([]);
  expect(problems).toEqual([]);
  await context.close();
});
