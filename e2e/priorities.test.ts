// Queue priorities: an administrator gives general questions the most urgent level, and the
// queue of an operator already on duty is re-ordered at once.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeScan, launchBrowser } from './support/browser';
import { citizenContext, OPERATOR, signInAs, staffContext, startConversation, startServer, type TestServer } from './support/brigade';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  await server.createStaff(OPERATOR);
  await server.createStaff({ username: 'rose', password: 'rose-password-2025', rank: 'Capitaine', firstName: 'Rose', roles: ['admin'] });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The topics of the "Prendre" buttons, top to bottom. */
async function queueOrder(page: Page): Promise<string[]> {
  const labels = await page
    .getByRole('button', { name: /^Prendre la conversation/ })
    .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? ''));
  return labels.map((label) => label.replace(/^Prendre la conversation : /, '').replace(/, attend depuis.*$/, ''));
}

test('an administrator puts general questions first; the operator’s queue follows at once', async () => {
  const operator = await (await staffContext(browser)).newPage();
  await signInAs(operator, server, OPERATOR.username);
  // The violence conversation arrives first; the general question after it.
  await startConversation(await (await citizenContext(browser)).newPage(), server.url, { topic: 'Violences dans le couple ou la famille' });
  await startConversation(await (await citizenContext(browser)).newPage(), server.url, { topic: 'Une question sur ma sécurité' });
  const violence = 'Violences dans le couple ou la famille, violences sexuelles ou sexistes';
  const general = 'Une question sur ma sécurité';
  await expect.poll(() => queueOrder(operator)).toEqual([violence, general]);

  const admin = await (await staffContext(browser)).newPage();
  await signInAs(admin, server, 'rose', { landing: 'Comptes' });
  await admin.getByRole('button', { name: 'Priorités' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Priorités de la file d’attente' }).waitFor();
  await admin.getByText('chaque tranche de 10 minutes d’attente fait monter une conversation d’un niveau', { exact: false }).waitFor();
  const generalLevel = admin.getByRole('combobox', { name: /^Général/ });
  expect(await generalLevel.inputValue()).toBe('4');
  expect(await admin.getByRole('combobox', { name: /^Mineurs/ }).inputValue()).toBe('1');
  expect(await axeScan(admin), 'priorities page').toEqual([]);

  await generalLevel.selectOption({ label: 'Niveau 1 (le plus urgent)' });
  await admin.getByRole('button', { name: 'Enregistrer les priorités' }).click();
  await admin.getByText('Les priorités ont été enregistrées', { exact: false }).waitFor();

  await expect.poll(() => queueOrder(operator)).toEqual([general, violence]);

  // Kept: a new visit shows the saved level.
  await admin.reload();
  await admin.getByRole('button', { name: 'Priorités' }).click();
  await expect.poll(() => admin.getByRole('combobox', { name: /^Général/ }).inputValue()).toBe('1');
});
