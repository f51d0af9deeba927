// Automatic assignment: an administrator turns it on from the "Priorités" page; waiting
// conversations then go by themselves to an available operator who handles them (never to a
// paused one), who is told; operators' queues say the mode is on. Turned off, conversations wait.
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

const VIOLENCE = 'Violences dans le couple ou la famille, violences sexuelles ou sexistes';
const MINORS = 'J’ai moins de 18 ans';
const SWITCH = 'Attribuer automatiquement les conversations en attente';
const NOTICE = 'Attribution automatique activée : quand vous êtes disponible, des conversations vous sont aussi confiées';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  // Julie: the default topics (no minors). Léa: trained for minors.
  await server.createStaff(OPERATOR);
  await server.createStaff({
    username: 'lea',
    password: 'lea-password-2025',
    rank: 'Gendarme',
    firstName: 'Léa',
    roles: ['operator'],
    topics: ['general', 'violence', 'minors', 'cyberharassment', 'discrimination', 'other'],
  });
  await server.createStaff({ username: 'rose', password: 'rose-password-2025', rank: 'Capitaine', firstName: 'Rose', roles: ['admin'] });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const mine = (page: Page) => page.getByRole('region', { name: 'Mes conversations' });

/** Leaves the automatic assignment time to act (it also runs every 2 s), then checks the conversation still waits. */
async function stillWaits(page: Page, topic: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 3000));
  expect(await page.getByRole('button', { name: new RegExp(`^Prendre la conversation : ${topic}`) }).count()).toBe(1);
}

/** Flips the switch from the keyboard, as a keyboard user would. */
async function flip(admin: Page, expected: boolean): Promise<void> {
  const toggle = admin.getByRole('switch', { name: SWITCH });
  await toggle.focus();
  await admin.keyboard.press('Space');
  await expect.poll(() => toggle.isChecked()).toBe(expected);
}

test('turned on, a new conversation goes by itself to the available operator, never to a paused one', async () => {
  const adminContext = await staffContext(browser);
  const julieContext = await staffContext(browser);
  const problems = [await recordProblems(adminContext), await recordProblems(julieContext)];
  const julie = await julieContext.newPage();
  await signInAs(julie, server, OPERATOR.username);
  const lea = await (await staffContext(browser)).newPage();
  await signInAs(lea, server, 'lea');
  await choose(lea.getByRole('banner'), 'En pause', true);
  await lea.getByRole('status').filter({ hasText: 'Vous êtes en pause' }).waitFor();
  expect(await julie.getByText(NOTICE, { exact: false }).count()).toBe(0);

  // The administrator reads what it does, and turns it on: saved at once, and said.
  const admin = await adminContext.newPage();
  await signInAs(admin, server, 'rose', { landing: 'Comptes' });
  await admin.getByRole('button', { name: 'Priorités' }).click();
  const section = admin.getByRole('region', { name: 'Attribution automatique' });
  await section.getByText('parmi eux, le moins chargé par rapport à son maximum', { exact: false }).waitFor();
  const toggle = section.getByRole('switch', { name: SWITCH });
  expect(await toggle.isChecked()).toBe(false);
  await section.getByText('Désactivée : les agents prennent eux-mêmes les conversations dans la file.').waitFor();
  expect(await axeScan(admin), 'priorities page with the automatic assignment switch').toEqual([]);
  await flip(admin, true);
  await section.getByRole('status').getByText('Attribution automatique activée', { exact: false }).waitFor();
  await section.getByText('Activée : les conversations en attente sont confiées automatiquement aux agents disponibles.').waitFor();
  expect(await axeScan(admin), 'automatic assignment turned on').toEqual([]);

  // Consoles read the mode when they open: the queue says so.
  await julie.reload();
  await julie.getByText(NOTICE, { exact: false }).waitFor();
  await lea.reload();
  await lea.getByText(NOTICE, { exact: false }).waitFor();
  expect(await lea.getByRole('banner').getByRole('radio', { name: 'En pause' }).isChecked()).toBe(true);
  expect(await axeScan(julie), 'queue with the automatic assignment notice').toEqual([]);

  // A citizen arrives: Julie gets the conversation without clicking anything, and is told; Léa (paused) does not.
  const citizen = await (await citizenContext(browser)).newPage();
  await startConversation(citizen, server.url, { topic: 'Violences dans le couple ou la famille', postalCode: '35000', answeredBy: 'Adjudante Julie' });
  await mine(julie).getByRole('button', { name: /Violences/ }).waitFor();
  await mine(julie).getByRole('status').getByText(`Une conversation vous a été confiée : « ${VIOLENCE} ».`, { exact: false }).waitFor();
  await julie.getByRole('banner').getByText('1 / 6 conversations').waitFor();
  await citizen.getByRole('heading', { level: 1, name: 'Adjudante Julie vous répond' }).waitFor();
  await mine(julie).getByRole('button', { name: /Violences/ }).click();
  await julie.getByRole('heading', { level: 2, name: /Violences.*35000/ }).waitFor();
  expect(await mine(lea).getByRole('button').count()).toBe(0);
  expect(await lea.getByRole('button', { name: /^Prendre la conversation : Violences/ }).count()).toBe(0);

  // A conversation only Léa handles (minors) waits while she is paused, and comes to her once she is back.
  const young = await (await citizenContext(browser)).newPage();
  await startConversation(young, server.url, { topic: MINORS, postalCode: '69003' });
  await lea.getByRole('button', { name: new RegExp(`^Prendre la conversation : ${MINORS}`) }).waitFor();
  await stillWaits(lea, MINORS);
  expect(await mine(lea).getByRole('button').count()).toBe(0);
  await choose(lea.getByRole('banner'), 'Disponible', true);
  await mine(lea).getByRole('button', { name: new RegExp(MINORS) }).waitFor();
  await young.getByRole('heading', { level: 1, name: 'Gendarme Léa vous répond' }).waitFor();
  await expect.poll(() => lea.getByRole('button', { name: /^Prendre la conversation/ }).count()).toBe(0);

  // Turned off: a new conversation waits for someone to take it.
  await flip(admin, false);
  await section.getByRole('status').getByText('Attribution automatique désactivée', { exact: false }).waitFor();
  const later = await (await citizenContext(browser)).newPage();
  await startConversation(later, server.url, { topic: 'Autre sujet', postalCode: '44000' });
  await julie.getByRole('button', { name: /^Prendre la conversation : Autre sujet/ }).waitFor();
  await stillWaits(julie, 'Autre sujet');
  expect(await mine(julie).getByRole('button').count()).toBe(1);
  // A console opened now no longer shows the notice.
  await julie.reload();
  await julie.getByRole('button', { name: /^Prendre la conversation : Autre sujet/ }).waitFor();
  expect(await julie.getByText(NOTICE, { exact: false }).count()).toBe(0);
  expect(problems.flat()).toEqual([]);
});
