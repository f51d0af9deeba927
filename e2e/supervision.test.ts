// Supervision: the danger alert (role="alert") with a read-only view of the conversation, the
// "Affecter" action, the operators' waiting alert (title, banner, muteable sound), the danger
// rules (supervisors read, administrators edit) and the audit trail search.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeScan, launchBrowser } from './support/browser';
import {
  citizenContext,
  messageLog,
  OPERATOR,
  recordProblems,
  sendMessage,
  signInAs,
  staffContext,
  startConversation,
  startServer,
  type TestServer,
} from './support/brigade';

let server: TestServer;
let browser: Browser;
let operatorId: string;

beforeAll(async () => {
  server = await startServer();
  operatorId = (await server.createStaff(OPERATOR)).id;
  await server.createStaff({ username: 'chef', password: 'chef-password-2025', rank: 'Capitaine', firstName: 'Rose', roles: ['supervisor', 'admin'] });
  await server.createStaff({ username: 'veille', password: 'veille-password-2025', rank: 'Adjudant-chef', firstName: 'Marc', roles: ['supervisor'] });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Counts the tones the page starts (Web Audio oscillators), without playing anything. */
async function countTones(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __tones: number };
    w.__tones = 0;
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (...args: Parameters<typeof start>) {
      w.__tones += 1;
      return start.apply(this, args);
    };
  });
}
const tones = (page: Page) => page.evaluate(() => (window as unknown as { __tones: number }).__tones);

test('operators: nobody waits unseen (banner, title, sound unless muted)', async () => {
  const context = await staffContext(browser);
  const problems = await recordProblems(context);
  const operator = await context.newPage();
  await countTones(operator);
  await signInAs(operator, server, OPERATOR.username);
  await operator.getByText('Aucune conversation en attente.').waitFor();
  expect(await operator.title()).toBe('Brigade – Console des agents');

  const citizen = await (await citizenContext(browser)).newPage();
  await startConversation(citizen, server.url, { topic: 'Cyberharcèlement' });
  const banner = operator.getByRole('status').filter({ hasText: '1 conversation attend une prise en charge' });
  await banner.waitFor();
  await banner.getByText(/La plus ancienne attend depuis/).waitFor();
  await expect.poll(() => operator.title()).toMatch(/^\(1\) /);
  await expect.poll(() => tones(operator)).toBeGreaterThan(0);
  expect(await axeScan(operator), 'console with the waiting alert').toEqual([]);

  // On another page of the console the banner stays, with a way back to the queue.
  await operator.getByRole('button', { name: 'Mon compte' }).click();
  await banner.waitFor();
  await banner.getByRole('button', { name: 'Voir la file d’attente' }).click();
  await operator.getByRole('heading', { name: /File d’attente/ }).waitFor();

  // The sound can be muted (for this person, in this tab); the banner cannot.
  await operator.getByRole('checkbox', { name: /Signal sonore quand des conversations attendent/ }).uncheck({ force: true });
  const before = await tones(operator);
  const second = await (await citizenContext(browser)).newPage();
  await startConversation(second, server.url, { topic: 'Discrimination' });
  await operator.getByRole('status').filter({ hasText: '2 conversations attendent une prise en charge' }).waitFor();
  await operator.waitForTimeout(500);
  expect(await tones(operator)).toBe(before);
  expect(await operator.evaluate(() => Object.keys(sessionStorage))).toEqual([`brigade.console.muted.${operatorId}`]);
  await operator.reload();
  await operator.getByRole('status').filter({ hasText: '2 conversations attendent' }).waitFor();
  expect(await operator.getByRole('checkbox', { name: /Signal sonore/ }).isChecked()).toBe(false);

  // Once they are taken, the alert goes.
  await operator.getByRole('button', { name: 'Prendre la plus urgente' }).click();
  await operator.getByRole('button', { name: 'Prendre la plus urgente' }).click();
  await operator.getByText('Aucune conversation en attente.').waitFor();
  await expect.poll(() => operator.getByText(/attend(ent)? une prise en charge/).count()).toBe(0);
  await expect.poll(() => operator.title()).toBe('Brigade – Console des agents');
  expect(problems).toEqual([]);
  await context.close();
});

test('supervisors: a danger alert, read-only reading, and assigning a waiting conversation', async () => {
  const supervisor = await (await staffContext(browser)).newPage();
  const operator = await (await staffContext(browser)).newPage();
  await signInAs(supervisor, server, 'chef');
  await signInAs(operator, server, OPERATOR.username);

  const citizen = await (await citizenContext(browser)).newPage();
  await startConversation(citizen, server.url, { topic: 'Violences dans le couple ou la famille', postalCode: '29200' });
  await sendMessage(citizen, 'Il a sorti un couteau, il est dans le salon.');

  const alert = supervisor.getByRole('alert').filter({ hasText: 'Danger détecté : arme' });
  await alert.waitFor();
  expect(await axeScan(supervisor), 'console with a danger alert').toEqual([]);
  await alert.getByRole('button', { name: 'Ouvrir la conversation (lecture seule) : arme' }).click();
  const pane = supervisor.getByRole('region', { name: /Lecture seule/ });
  await pane.waitFor();
  await messageLog(supervisor).getByText('Il a sorti un couteau, il est dans le salon.').waitFor();
  expect(await supervisor.getByRole('textbox', { name: 'Votre message' }).count()).toBe(0);
  await pane.getByText('Elle attend un opérateur.', { exact: false }).waitFor();
  expect(await axeScan(supervisor), 'read-only conversation').toEqual([]);
  // Reading it is in the audit trail (checked below); the alert can be hidden.
  await alert.getByRole('button', { name: 'Masquer l’alerte : arme' }).click();
  await expect.poll(() => alert.count()).toBe(0);
  await pane.getByRole('button', { name: 'Fermer la lecture' }).click();

  // "Affecter": the conversation goes to the chosen operator's console.
  await supervisor.getByRole('button', { name: /^Affecter la conversation : Violences/ }).click();
  await supervisor.getByRole('combobox', { name: /^Opérateur/ }).locator(`option[value="${operatorId}"]:not([disabled])`).waitFor({ state: 'attached' });
  await supervisor.getByRole('combobox', { name: /^Opérateur/ }).selectOption(operatorId);
  expect(await axeScan(supervisor), 'assign form').toEqual([]);
  await supervisor.getByRole('button', { name: 'Affecter', exact: true }).click();
  await supervisor.getByText('Conversation affectée à Adjudante Julie.').waitFor();
  await operator.getByRole('region', { name: 'Mes conversations' }).getByRole('button', { name: /Violences/ }).waitFor();
  await citizen.getByRole('heading', { level: 1, name: 'Adjudante Julie vous répond' }).waitFor();

  // A supervisor who is not an administrator assigns too (the operator list is theirs to read); they take nothing.
  const other = await (await citizenContext(browser)).newPage();
  await startConversation(other, server.url, { topic: 'Autre sujet' });
  const plain = await (await staffContext(browser)).newPage();
  await signInAs(plain, server, 'veille');
  await plain.getByRole('listitem').filter({ hasText: 'Autre sujet' }).waitFor();
  await plain.getByRole('button', { name: /^Affecter la conversation : Autre sujet/ }).click();
  await plain.getByRole('combobox', { name: /^Opérateur/ }).locator(`option[value="${operatorId}"]:not([disabled])`).waitFor({ state: 'attached' });
  await plain.getByRole('combobox', { name: /^Opérateur/ }).selectOption(operatorId);
  await plain.getByRole('button', { name: 'Affecter', exact: true }).click();
  await plain.getByText('Conversation affectée à Adjudante Julie.').waitFor();
  expect(await plain.getByRole('button', { name: /^Prendre/ }).count()).toBe(0);
});

test('danger rules: supervisors read them, administrators change them', async () => {
  const reader = await (await staffContext(browser)).newPage();
  await signInAs(reader, server, 'veille');
  await reader.getByRole('button', { name: 'Règles de danger' }).click();
  await reader.getByRole('heading', { level: 1, name: 'Règles de détection du danger' }).waitFor();
  await reader.getByRole('cell', { name: 'weapon-threat' }).waitFor();
  expect(await reader.getByRole('button', { name: 'Ajouter une règle' }).count()).toBe(0);
  expect(await axeScan(reader), 'danger rules, read only').toEqual([]);

  const admin = await (await staffContext(browser)).newPage();
  await signInAs(admin, server, 'chef');
  await admin.getByRole('button', { name: 'Règles de danger' }).click();
  await admin.getByRole('button', { name: 'Ajouter une règle' }).click();
  const form = admin.getByRole('region', { name: 'Nouvelle règle' });
  await form.getByRole('textbox', { name: /^Identifiant/ }).fill('weapon-threat');
  await form.getByRole('combobox', { name: 'Catégorie' }).selectOption({ label: 'arme' });
  await form.getByRole('textbox', { name: /^Expression régulière/ }).fill('(sabre');
  await form.getByRole('button', { name: 'Enregistrer la règle' }).click();
  await form.getByText('Saisissez un identifiant valide, différent de ceux des autres règles.').waitFor();
  await form.getByText('Cette expression régulière n’est pas valide', { exact: false }).waitFor();
  expect(await axeScan(admin), 'rule form with errors').toEqual([]);
  await form.getByRole('textbox', { name: /^Identifiant/ }).fill('sabre');
  await form.getByRole('textbox', { name: /^Expression régulière/ }).fill('\\bsabre\\b');
  await form.getByRole('textbox', { name: 'Description' }).fill('Sabre');
  await form.getByRole('button', { name: 'Enregistrer la règle' }).click();
  await admin.getByText('La règle « sabre » a été enregistrée.').waitFor();
  await admin.getByRole('cell', { name: 'sabre', exact: true }).waitFor();

  await admin.getByRole('button', { name: 'Modifier la règle sabre' }).click();
  await admin.getByRole('region', { name: 'Modifier la règle « sabre »' }).getByRole('textbox', { name: 'Description' }).fill('Sabre ou épée');
  await admin.getByRole('button', { name: 'Enregistrer la règle' }).click();
  await admin.getByRole('cell', { name: 'Sabre ou épée' }).waitFor();

  await admin.getByRole('button', { name: 'Supprimer la règle sabre' }).click();
  await admin.getByRole('dialog', { name: 'Supprimer la règle « sabre » ?' }).getByRole('button', { name: 'Supprimer' }).click();
  await admin.getByText('La règle « sabre » a été supprimée.').waitFor();
  expect(await admin.getByRole('cell', { name: 'sabre', exact: true }).count()).toBe(0);
});

test('audit trail: search by person, conversation and period', async () => {
  const admin = await (await staffContext(browser)).newPage();
  await signInAs(admin, server, 'chef');
  await admin.getByRole('button', { name: 'Journal d’audit' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Journal d’audit' }).waitFor();
  const table = admin.getByRole('table', { name: /Entrées du journal d’audit/ });
  await table.waitFor();
  expect(await axeScan(admin), 'audit trail').toEqual([]);

  // The supervisor's reading and assignment of the danger conversation, by person.
  await admin.getByRole('combobox', { name: 'Personne' }).selectOption({ label: 'Capitaine Rose (chef)' });
  await admin.getByRole('button', { name: 'Rechercher' }).click();
  const assigned = table.getByRole('row').filter({ hasText: 'Conversation affectée' });
  await assigned.first().waitFor();
  expect(await assigned.first().textContent()).toContain('Compte concerné : Adjudante Julie (julie)');
  const read = table.getByRole('row').filter({ hasText: 'Conversation consultée' }).first();
  const conversationId = (await read.getByRole('cell').nth(3).textContent())?.trim() ?? '';
  expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);

  // By conversation: everyone's accesses to it, the operator's taking included.
  await admin.getByRole('combobox', { name: 'Personne' }).selectOption({ label: 'Toutes les personnes' });
  await admin.getByRole('textbox', { name: /^Identifiant de conversation/ }).fill(conversationId);
  await admin.getByRole('button', { name: 'Rechercher' }).click();
  await expect.poll(async () => (await table.getByRole('row').allTextContents()).slice(1).every((row) => row.includes(conversationId))).toBe(true);
  await table.getByRole('row').filter({ hasText: 'Conversation consultée' }).first().waitFor();

  // A period in the future finds nothing; a malformed id is refused before searching.
  await admin.getByRole('textbox', { name: /^Identifiant de conversation/ }).fill('');
  await admin.getByLabel('Du').fill('2099-01-01T00:00');
  await admin.getByRole('button', { name: 'Rechercher' }).click();
  await admin.getByText('Aucune entrée ne correspond à ces critères.').waitFor();
  await admin.getByRole('textbox', { name: /^Identifiant de conversation/ }).fill('1234');
  await admin.getByRole('button', { name: 'Rechercher' }).click();
  await admin.getByText('Saisissez un identifiant de conversation complet.').waitFor();
  expect(await axeScan(admin), 'audit trail with an error').toEqual([]);
});
