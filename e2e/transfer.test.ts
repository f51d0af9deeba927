// Handing a conversation on: to a colleague with an internal note (which the citizen never
// sees), back to the queue, and to another topic. Each person in their own browser context.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeScan, launchBrowser } from './support/browser';
import {
  choose,
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

const NOTE = 'Victime très inquiète : rappel promis avant 18 h, ne pas évoquer le conjoint.';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  await server.createStaff(OPERATOR);
  await server.createStaff({ username: 'paul', password: 'paul-password-2025', rank: 'Gendarme', firstName: 'Paul', roles: ['operator'] });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const mine = (page: Page) => page.getByRole('region', { name: 'Mes conversations' });

test('to a colleague with a note, back to the queue, then to another topic', async () => {
  const julieContext = await staffContext(browser);
  const citizenCtx = await citizenContext(browser);
  const problems = [await recordProblems(julieContext), await recordProblems(citizenCtx)];
  const julie = await julieContext.newPage();
  await signInAs(julie, server, OPERATOR.username);
  const paul = await (await staffContext(browser)).newPage();
  await signInAs(paul, server, 'paul');
  const citizen = await citizenCtx.newPage();
  await startConversation(citizen, server.url, { topic: 'Violences dans le couple ou la famille', postalCode: '35000' });
  await sendMessage(citizen, 'Bonjour, j’ai besoin d’aide.');

  // Julie takes it and answers.
  await julie.getByRole('button', { name: /^Prendre la conversation : Violences/ }).click();
  await julie.getByRole('heading', { level: 2, name: /Violences.*35000/ }).waitFor();
  await sendMessage(julie, 'Bonjour, je suis l’adjudante Julie.');

  // Transfer to Paul: the note is required.
  await julie.getByRole('button', { name: 'Transférer' }).click();
  const dialog = julie.getByRole('dialog', { name: 'Transférer la conversation' });
  await dialog.waitFor();
  await dialog.getByRole('radio', { name: /Gendarme Paul/ }).waitFor();
  expect(await dialog.getByRole('radio', { name: /Adjudante Julie/ }).count()).toBe(0);
  await choose(dialog, 'Gendarme Paul');
  await dialog.getByRole('button', { name: 'Transférer' }).click();
  await dialog.getByText('Écrivez une note pour votre collègue', { exact: false }).waitFor();
  expect(await axeScan(julie), 'transfer dialog with an error').toEqual([]);
  await dialog.getByRole('textbox', { name: /^Note pour votre collègue/ }).fill(NOTE);
  await dialog.getByRole('button', { name: 'Transférer' }).click();

  // Julie no longer has it, and is told so; the dialog is gone.
  await mine(julie)
    .getByText('La conversation « Violences dans le couple ou la famille, violences sexuelles ou sexistes » est maintenant suivie par Gendarme Paul', {
      exact: false,
    })
    .waitFor();
  await expect.poll(() => mine(julie).getByRole('button', { name: /Violences/ }).count()).toBe(0);
  expect(await dialog.count()).toBe(0);
  await julie.getByText('Choisissez une conversation dans la file d’attente ou dans vos conversations.').waitFor();
  await julie.getByRole('banner').getByText('0 / 6 conversations').waitFor();

  // Paul has it, with the history and the internal note marked as such.
  await mine(paul).getByRole('button', { name: /Violences/ }).click();
  const log = messageLog(paul);
  await log.getByText('Conversation transférée à Gendarme Paul').waitFor();
  await log.getByText('Note interne — invisible pour la personne').waitFor();
  await log.getByText(NOTE).waitFor();
  // Julie's message is hers, not "Vous".
  const julieMessage = log.getByRole('listitem').filter({ hasText: 'Bonjour, je suis l’adjudante Julie.' });
  expect(await julieMessage.textContent()).toContain('Adjudante Julie');
  expect(await julieMessage.textContent()).not.toContain('Vous');
  expect(await axeScan(paul), 'conversation with a transfer note').toEqual([]);

  // The citizen is told who answers now, and never sees the note.
  await messageLog(citizen).getByText('Vous échangez maintenant avec Gendarme Paul.').waitFor();
  await citizen.getByRole('heading', { level: 1, name: 'Gendarme Paul vous répond' }).waitFor();
  expect(await citizen.content()).not.toContain('rappel promis');
  expect(await citizen.getByText('Note interne').count()).toBe(0);

  // Paul gives it back to the queue (after confirming): it shows again for everyone, Julie included.
  await paul.getByRole('button', { name: 'Remettre dans la file' }).click();
  const confirm = paul.getByRole('dialog', { name: 'Remettre la conversation dans la file d’attente ?' });
  await confirm.getByRole('button', { name: 'Remettre dans la file' }).click();
  await mine(paul).getByText('est de nouveau dans la file d’attente', { exact: false }).waitFor();
  await expect.poll(() => mine(paul).getByRole('button', { name: /Violences/ }).count()).toBe(0);
  const again = julie.getByRole('button', { name: /^Prendre la conversation : Violences/ });
  await again.waitFor();
  await paul.getByRole('button', { name: /^Prendre la conversation : Violences/ }).waitFor();
  await messageLog(citizen).getByText('L’agent a dû s’interrompre.', { exact: false }).waitFor();

  // Julie takes it back and sends it to another topic: it waits again, under that topic.
  await again.click();
  await julie.getByRole('heading', { level: 2, name: /Violences.*35000/ }).waitFor();
  await julie.getByRole('button', { name: 'Transférer' }).click();
  await choose(dialog, 'Un autre sujet');
  await dialog.getByRole('combobox', { name: 'Nouveau sujet' }).selectOption({ label: 'Discrimination' });
  await dialog.getByRole('button', { name: 'Transférer' }).click();
  await mine(julie).getByText('La conversation « Discrimination » est de nouveau dans la file d’attente', { exact: false }).waitFor();
  await paul.getByRole('button', { name: /^Prendre la conversation : Discrimination/ }).waitFor();
  expect(await paul.getByRole('button', { name: /^Prendre la conversation : Violences/ }).count()).toBe(0);
  await messageLog(citizen)
    .getByText('Votre demande a été transmise à un autre service. Vous gardez votre place dans la file.')
    .waitFor();
  await citizen.getByRole('heading', { level: 1, name: 'Un agent va vous répondre' }).waitFor();
  expect(await citizen.content()).not.toContain('rappel promis');
  expect(problems.flat()).toEqual([]);
});
