// Handing a conversation on: to a colleague with an internal note (which the citizen never
// sees), back to the queue, to another topic and to another service; and a supervisor handing on
// a colleague's conversation from the read-only view. Each person in their own browser context.
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
  await server.createStaff({ username: 'chef', password: 'chef-password-2025', rank: 'Capitaine', firstName: 'Rose', roles: ['supervisor', 'admin'] });
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

const SERVICE = 'Plateforme de Bretagne';

/** Creates a service through the API, as an administrator (what the "Services" page does). */
async function createService(name: string): Promise<string> {
  const response = await fetch(`${server.url}/api/services`, {
    method: 'POST',
    headers: { cookie: await server.signIn('chef'), 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { service: { id: string } }).service.id;
}

test('to another service: the conversation waits again in that service’s queue, named', async () => {
  await createService(SERVICE);
  const julie = await (await staffContext(browser)).newPage();
  await signInAs(julie, server, OPERATOR.username);
  const supervisor = await (await staffContext(browser)).newPage();
  await signInAs(supervisor, server, 'chef');
  const citizen = await (await citizenContext(browser)).newPage();
  await startConversation(citizen, server.url, { topic: 'Cyberharcèlement', postalCode: '75011' });

  await julie.getByRole('button', { name: /^Prendre la conversation : Cyberharcèlement/ }).click();
  await julie.getByRole('heading', { level: 2, name: /Cyberharcèlement.*75011/ }).waitFor();
  await julie.getByRole('button', { name: 'Transférer' }).click();
  const dialog = julie.getByRole('dialog', { name: 'Transférer la conversation' });
  await choose(dialog, 'Un autre service');
  await dialog.getByRole('button', { name: 'Transférer' }).click();
  await dialog.getByText('Choisissez un service.').waitFor();
  await dialog.getByRole('combobox', { name: 'Service' }).selectOption({ label: SERVICE });
  expect(await axeScan(julie), 'transfer to a service').toEqual([]);
  await dialog.getByRole('button', { name: 'Transférer' }).click();

  // Back in the queue, under that service's name, for everyone who reads it.
  await mine(julie).getByText('La conversation « Cyberharcèlement » est de nouveau dans la file d’attente', { exact: false }).waitFor();
  const entry = supervisor.getByRole('listitem').filter({ has: supervisor.getByRole('button', { name: /^Affecter la conversation : Cyberharcèlement/ }) });
  await entry.getByText(`Service : ${SERVICE}`, { exact: false }).waitFor();
  expect(await entry.textContent()).toContain('75011');
  await julie
    .getByRole('listitem')
    .filter({ has: julie.getByRole('button', { name: /^Prendre la conversation : Cyberharcèlement/ }) })
    .getByText(`Service : ${SERVICE}`, { exact: false })
    .waitFor();
  await messageLog(citizen).getByText('Votre demande a été transmise à un autre service. Vous gardez votre place dans la file.').waitFor();
  await citizen.getByRole('heading', { level: 1, name: 'Un agent va vous répondre' }).waitFor();
});

test('a supervisor hands a colleague’s conversation on from the read-only view', async () => {
  const julie = await (await staffContext(browser)).newPage();
  await signInAs(julie, server, OPERATOR.username);
  const paul = await (await staffContext(browser)).newPage();
  await signInAs(paul, server, 'paul');
  const supervisorContext = await staffContext(browser);
  const problems = await recordProblems(supervisorContext);
  const supervisor = await supervisorContext.newPage();
  await signInAs(supervisor, server, 'chef');

  const citizen = await (await citizenContext(browser)).newPage();
  await startConversation(citizen, server.url, { topic: 'Violences dans le couple ou la famille', postalCode: '29200' });
  await julie.getByRole('button', { name: /^Prendre la conversation : Violences.*/ }).first().click();
  await julie.getByRole('heading', { level: 2, name: /Violences.*29200/ }).waitFor();
  await sendMessage(citizen, 'Il a sorti un couteau, il est dans le salon.');

  // The danger alert opens the conversation read-only: Julie holds it.
  const alert = supervisor.getByRole('alert').filter({ hasText: 'Danger détecté : arme' });
  await alert.getByRole('button', { name: 'Ouvrir la conversation (lecture seule) : arme' }).click();
  const pane = supervisor.getByRole('region', { name: /Lecture seule.*29200/ });
  await pane.getByText('Elle est suivie par Adjudante Julie.', { exact: false }).waitFor();

  // The transfer dialog: Julie is listed but cannot be chosen; Paul can.
  await pane.getByRole('button', { name: 'Transférer' }).click();
  const dialog = supervisor.getByRole('dialog', { name: 'Transférer la conversation' });
  await dialog.getByRole('radio', { name: /Gendarme Paul/ }).waitFor();
  const julieChoice = dialog.getByRole('radio', { name: /Adjudante Julie/ });
  expect(await julieChoice.isDisabled()).toBe(true);
  await dialog.getByText('Suit déjà cette conversation').waitFor();
  expect(await dialog.getByRole('radio', { name: /Capitaine Rose/ }).count()).toBe(0);
  expect(await axeScan(supervisor), 'a supervisor’s transfer dialog').toEqual([]);
  await choose(dialog, 'Gendarme Paul');
  await dialog.getByRole('textbox', { name: /^Note pour votre collègue/ }).fill(NOTE);
  await dialog.getByRole('button', { name: 'Transférer' }).click();

  // Said to the supervisor, whose reading goes on; focus back on the button.
  await pane.getByRole('status').getByText('Conversation transférée à Gendarme Paul.').waitFor();
  await pane.getByText('Elle est suivie par Gendarme Paul.', { exact: false }).waitFor();
  expect(await dialog.count()).toBe(0);
  await expect.poll(() => pane.getByRole('button', { name: 'Transférer' }).evaluate((el) => el === document.activeElement)).toBe(true);
  await messageLog(supervisor).getByText('Conversation transférée à Gendarme Paul').waitFor();

  // Julie is told it left her; Paul is told it came to him, with the note.
  await mine(julie).getByText('est maintenant suivie par Gendarme Paul', { exact: false }).waitFor();
  await expect.poll(() => mine(julie).getByRole('button', { name: /Violences/ }).count()).toBe(0);
  await mine(paul).getByRole('status').getByText('Une conversation vous a été confiée', { exact: false }).waitFor();
  await mine(paul).getByRole('button', { name: /Violences/ }).click();
  await messageLog(paul).getByText(NOTE).waitFor();
  await citizen.getByRole('heading', { level: 1, name: 'Gendarme Paul vous répond' }).waitFor();
  expect(await citizen.content()).not.toContain('rappel promis');
  expect(problems).toEqual([]);
});
