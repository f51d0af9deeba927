// Routing: operators' availability (seen by supervisors in the "Agents" view, respected when
// assigning), topics that need training (minors), capacity, and supervisors' long-wait alerts.
// The server runs with a 3-second wait alert threshold (WAIT_ALERT_MINUTES accepts fractions).
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeScan, launchBrowser } from './support/browser';
import {
  choose,
  citizenContext,
  OPERATOR,
  recordProblems,
  signInAs,
  staffContext,
  startConversation,
  startServer,
  type TestServer,
} from './support/brigade';

const MINORS = 'J’ai moins de 18 ans';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ WAIT_ALERT_MINUTES: String(3 / 60) });
  // Julie: the default topics (minors needs training). Marc: trained for minors. Léa: one conversation at a time.
  await server.createStaff(OPERATOR);
  await server.createStaff({
    username: 'marc',
    password: 'marc-password-2025',
    rank: 'Maréchal des logis',
    firstName: 'Marc',
    roles: ['operator'],
    topics: ['general', 'violence', 'minors', 'cyberharassment', 'discrimination', 'other'],
  });
  await server.createStaff({ username: 'lea', password: 'lea-password-2025', rank: 'Gendarme', firstName: 'Léa', roles: ['operator'], capacity: 1 });
  await server.createStaff({ username: 'veille', password: 'veille-password-2025', rank: 'Adjudant-chef', firstName: 'Yves', roles: ['supervisor'] });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function operatorPage(username: string): Promise<Page> {
  const page = await (await staffContext(browser)).newPage();
  await signInAs(page, server, username);
  return page;
}

test('an operator pauses: supervisors see it in the Agents view and cannot assign to them until they are back', async () => {
  const context = await staffContext(browser);
  const problems = await recordProblems(context);
  const julie = await context.newPage();
  await signInAs(julie, server, OPERATOR.username);

  // The availability is in the header, with the load.
  const header = julie.getByRole('banner');
  await header.getByRole('group', { name: 'Ma disponibilité' }).waitFor();
  expect(await header.getByRole('radio', { name: 'Disponible' }).isChecked()).toBe(true);
  await header.getByText('0 / 6 conversations').waitFor();
  expect(await axeScan(julie), 'console with the availability control').toEqual([]);
  await choose(header, 'En pause', true);
  await julie.getByRole('status').filter({ hasText: 'Vous êtes en pause : aucune nouvelle conversation ne vous sera affectée ni transférée.' }).waitFor();
  await julie.getByText('Vous êtes en pause : aucune conversation ne vous est affectée ni transférée').waitFor();

  // The supervisor (not an administrator) sees who is available, paused or offline.
  const supervisor = await operatorPage('veille');
  await supervisor.getByRole('button', { name: 'Agents' }).click();
  await supervisor.getByRole('heading', { level: 1, name: 'Agents' }).waitFor();
  const table = supervisor.getByRole('table', { name: /^Opérateurs/ });
  const julieRow = table.getByRole('row').filter({ hasText: 'Adjudante Julie' });
  await expect.poll(() => julieRow.textContent()).toContain('En pause');
  expect(await table.getByRole('row').filter({ hasText: 'Maréchal des logis Marc' }).textContent()).toContain('Hors ligne');
  expect(await table.getByRole('row').filter({ hasText: 'Maréchal des logis Marc' }).textContent()).toContain('Mineurs');
  await supervisor.getByText('Disponibles : 0. En pause : 1. Hors ligne : 2.').waitFor();
  expect(await axeScan(supervisor), 'agents view').toEqual([]);

  // A conversation waits: Julie is listed but cannot be chosen.
  const citizen = await (await citizenContext(browser)).newPage();
  await startConversation(citizen, server.url, { topic: 'Autre sujet', postalCode: '44000' });
  await supervisor.getByRole('button', { name: 'Conversations' }).click();
  await supervisor.getByRole('button', { name: /^Affecter la conversation : Autre sujet/ }).click();
  const select = supervisor.getByRole('combobox', { name: /^Opérateur/ });
  const julieOption = select.locator('option', { hasText: 'Adjudante Julie' });
  await julieOption.waitFor({ state: 'attached' });
  expect(await julieOption.textContent()).toBe('Adjudante Julie — En pause');
  expect(await julieOption.isDisabled()).toBe(true);
  await supervisor.getByText('Aucun opérateur ne peut recevoir cette conversation pour le moment.').waitFor();
  expect(await axeScan(supervisor), 'assign form with nobody available').toEqual([]);
  await supervisor.getByRole('button', { name: 'Annuler' }).click();

  // Back to work: the supervisor can now hand her the conversation.
  await choose(header, 'Disponible', true);
  await julie.getByRole('status').filter({ hasText: 'Vous êtes disponible' }).waitFor();
  await supervisor.getByRole('button', { name: /^Affecter la conversation : Autre sujet/ }).click();
  await select.locator('option', { hasText: 'Adjudante Julie' }).and(select.locator('option:not([disabled])')).waitFor({ state: 'attached' });
  await select.selectOption({ label: 'Adjudante Julie (0 / 6 conversations)' });
  await supervisor.getByRole('button', { name: 'Affecter', exact: true }).click();
  await supervisor.getByText('Conversation affectée à Adjudante Julie.').waitFor();
  await julie.getByRole('region', { name: 'Mes conversations' }).getByRole('button', { name: /Autre sujet/ }).waitFor();
  await header.getByText('1 / 6 conversations').waitFor();
  await citizen.getByRole('heading', { level: 1, name: 'Adjudante Julie vous répond' }).waitFor();
  expect(problems).toEqual([]);
});

test('minors: an operator without the training cannot take the conversation, a trained one can', async () => {
  const julie = await operatorPage(OPERATOR.username);
  const marc = await operatorPage('marc');
  const citizen = await (await citizenContext(browser)).newPage();
  await startConversation(citizen, server.url, { topic: MINORS, postalCode: '69003' });

  const item = julie.getByRole('listitem').filter({ has: julie.getByRole('button', { name: /^Prendre la conversation : J’ai moins de 18 ans/ }) });
  await item.waitFor();
  expect(await item.getByRole('button', { name: /^Prendre la conversation/ }).isDisabled()).toBe(true);
  await item.getByText('Réservée aux agents formés pour les mineurs').waitFor();
  expect(await axeScan(julie), 'queue with a conversation this operator cannot take').toEqual([]);

  const take = marc.getByRole('button', { name: /^Prendre la conversation : J’ai moins de 18 ans/ });
  expect(await take.isEnabled()).toBe(true);
  await take.click();
  await marc.getByRole('heading', { level: 2, name: /J’ai moins de 18 ans.*69003/ }).waitFor();
  await citizen.getByRole('heading', { level: 1, name: 'Maréchal des logis Marc vous répond' }).waitFor();
  await expect.poll(() => item.count()).toBe(0);
});

test('capacity: an operator holding as many conversations as allowed cannot take another', async () => {
  const lea = await operatorPage('lea');
  for (const postalCode of ['13001', '13002']) {
    await startConversation(await (await citizenContext(browser)).newPage(), server.url, { topic: 'Discrimination', postalCode });
  }
  const next = lea.getByRole('button', { name: 'Prendre la plus urgente' });
  await next.click();
  await lea.getByRole('heading', { level: 2, name: /Discrimination — 1300/ }).waitFor();
  await lea.getByRole('banner').getByText('1 / 1 conversations').waitFor();

  await lea.getByText('Vous avez atteint votre maximum de conversations simultanées (1 sur 1)', { exact: false }).waitFor();
  await expect.poll(() => next.isDisabled()).toBe(true);
  const takes = lea.getByRole('button', { name: /^Prendre la conversation : Discrimination/ });
  await expect.poll(() => takes.count()).toBeGreaterThan(0);
  for (const button of await takes.all()) expect(await button.isDisabled()).toBe(true);
  expect(await axeScan(lea), 'queue at capacity').toEqual([]);
});

test('supervisors: a conversation that waits too long raises an alert with its wait, announced, that opens it', async () => {
  const supervisor = await operatorPage('veille');
  const citizen = await (await citizenContext(browser)).newPage();
  await startConversation(citizen, server.url, { topic: 'Cyberharcèlement', postalCode: '67000' });

  const alert = supervisor.getByRole('group', { name: 'Attente longue : Cyberharcèlement' });
  await alert.waitFor({ timeout: 20_000 });
  await alert.getByText(/Cette conversation attend une prise en charge depuis \d+ s\./).waitFor();
  await supervisor.getByRole('status').filter({ hasText: 'Attente longue : une conversation « Cyberharcèlement » attend une prise en charge depuis' }).waitFor();
  expect(await axeScan(supervisor), 'console with a waiting alert').toEqual([]);

  await alert.getByRole('button', { name: 'Ouvrir la conversation en attente (lecture seule) : Cyberharcèlement' }).click();
  await supervisor.getByRole('region', { name: /Lecture seule.*Cyberharcèlement — 67000/ }).waitFor();

  // Taken by an operator: the alert goes by itself.
  const julie = await operatorPage(OPERATOR.username);
  await julie.getByRole('button', { name: /^Prendre la conversation : Cyberharcèlement/ }).click();
  await expect.poll(() => alert.count()).toBe(0);
});
