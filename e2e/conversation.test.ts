// A citizen and an operator, each in their own browser context, talk through the real server:
// queue without reload, messages both ways, typing, read marks, reload without duplicates,
// closing with an outcome.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser';
import {
  citizenContext,
  expectNoTraces,
  messageLog,
  OPERATOR,
  originTraces,
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

beforeAll(async () => {
  server = await startServer();
  await server.createStaff(OPERATOR);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('a citizen and an operator hold a whole conversation', async () => {
  const citizenCtx = await citizenContext(browser);
  const operatorCtx = await staffContext(browser);
  const problems = [await recordProblems(citizenCtx), await recordProblems(operatorCtx)];
  const citizen = await citizenCtx.newPage();
  const operator = await operatorCtx.newPage();

  // The operator is already on duty, looking at an empty queue.
  await signInAs(operator, server, OPERATOR.username);
  await expect.poll(() => operator.getByText('Aucune conversation en attente.').isVisible()).toBe(true);
  const initialUrl = `${server.url}/`;

  // The citizen starts and writes while waiting; the message is stored (acked).
  await startConversation(citizen, server.url, { topic: 'Violences dans le couple ou la famille', postalCode: '35000' });
  await sendMessage(citizen, 'Bonjour, je voudrais de l’aide.');
  const firstMessage = messageLog(citizen).getByRole('listitem').filter({ hasText: 'Bonjour, je voudrais de l’aide.' });
  await expect.poll(() => firstMessage.textContent()).toContain('Envoyé');
  expect(citizen.url()).toBe(initialUrl);

  // It appears in the operator's queue without any reload, with its pending message.
  const take = operator.getByRole('button', { name: /^Prendre la conversation : Violences dans le couple/ });
  await take.waitFor();
  await expect.poll(() => operator.getByRole('listitem').filter({ has: take }).textContent()).toContain('1 message');
  await take.click();

  // The operator sees the message written while waiting; the citizen sees who answers.
  const pane = operator.getByRole('region', { name: /Violences dans le couple.*35000/ });
  await messageLog(operator).getByText('Bonjour, je voudrais de l’aide.').waitFor();
  await citizen.getByRole('heading', { level: 1, name: 'Adjudante Julie vous répond' }).waitFor();
  await expect.poll(() => operator.getByText('Aucune conversation en attente.').isVisible()).toBe(true);
  expect(await pane.isVisible()).toBe(true);

  // Typing shows on the other side, then messages go both ways.
  await operator.getByRole('textbox', { name: 'Votre message' }).pressSequentially('Bonjour', { delay: 20 });
  await citizen.getByText('Adjudante Julie est en train d’écrire…').waitFor();
  await operator.getByRole('textbox', { name: 'Votre message' }).fill('');
  await sendMessage(operator, 'Bonjour, je suis l’adjudante Julie. Êtes-vous en sécurité en ce moment ?');
  await messageLog(citizen).getByText('Êtes-vous en sécurité en ce moment ?', { exact: false }).waitFor();

  await citizen.getByRole('textbox', { name: 'Votre message' }).pressSequentially('Oui', { delay: 20 });
  await operator.getByText('L’usager est en train d’écrire…').waitFor();
  await citizen.getByRole('textbox', { name: 'Votre message' }).fill('');
  await sendMessage(citizen, 'Oui, je suis seule pour le moment.');
  await messageLog(operator).getByText('Oui, je suis seule pour le moment.').waitFor();

  // The operator has the conversation on screen: the citizen's messages turn "Lu".
  const reply = messageLog(citizen).getByRole('listitem').filter({ hasText: 'Oui, je suis seule pour le moment.' });
  await expect.poll(() => reply.textContent(), { timeout: 10_000 }).toContain('Lu');
  await expect.poll(() => firstMessage.textContent()).toContain('Lu');
  // The operator's own message is read by the citizen too.
  const operatorMessage = messageLog(operator).getByRole('listitem').filter({ hasText: 'Êtes-vous en sécurité' });
  await expect.poll(() => operatorMessage.textContent(), { timeout: 10_000 }).toContain('Lu');

  // Nothing left on the device but this tab's sessionStorage.
  const during = await citizen.evaluate(() => ({ local: localStorage.length, keys: Object.keys(sessionStorage), cookie: document.cookie }));
  expect(during).toEqual({ local: 0, keys: ['brigade.citizen'], cookie: '' });
  expect(await citizenCtx.cookies(server.url)).toEqual([]);

  // A reload in the same tab finds the conversation intact, without duplicates.
  const before = await messageLog(citizen).getByRole('listitem').allTextContents();
  await citizen.reload();
  await citizen.getByRole('heading', { level: 1, name: 'Adjudante Julie vous répond' }).waitFor();
  await messageLog(citizen).getByText('Oui, je suis seule pour le moment.').waitFor();
  await expect.poll(() => messageLog(citizen).getByRole('listitem').allTextContents()).toEqual(before);
  expect(citizen.url()).toBe(initialUrl);

  // The operator closes with an outcome; the citizen sees the end screen.
  await operator.getByLabel('Issue de l’échange').selectOption({ label: 'Réponse apportée' });
  await operator.getByRole('button', { name: 'Clôturer' }).click();
  await citizen.getByRole('heading', { level: 1, name: 'L’échange est terminé' }).waitFor();
  await operator.getByText('Conversation clôturée : Réponse apportée.').waitFor();
  expect(await citizen.getByRole('log').count()).toBe(0);

  // Once over, nothing of it stays in the tab.
  expectNoTraces(await originTraces(citizenCtx, server.url));
  // No script error, no CSP violation on either side.
  expect(problems.flat()).toEqual([]);

  await citizenCtx.close();
  await operatorCtx.close();
});

test('the citizen can end the conversation; messages written offline are sent after reconnection', async () => {
  const citizenCtx = await citizenContext(browser);
  const citizen = await citizenCtx.newPage();
  await startConversation(citizen, server.url, { topic: 'Cyberharcèlement', postalCode: '75011' });

  // Offline: the banner shows, the message waits as "Envoi…", then leaves once back online.
  await citizenCtx.setOffline(true);
  await citizen.getByText('Connexion perdue, reconnexion…').waitFor({ timeout: 40_000 });
  const box = citizen.getByRole('textbox', { name: 'Votre message' });
  await box.fill('Message écrit hors ligne');
  await box.press('Enter');
  const pending = messageLog(citizen).getByRole('listitem').filter({ hasText: 'Message écrit hors ligne' });
  await expect.poll(() => pending.textContent()).toContain('Envoi…');
  await citizenCtx.setOffline(false);
  await expect.poll(() => pending.textContent(), { timeout: 30_000 }).toContain('Envoyé');
  expect(await citizen.getByText('Connexion perdue, reconnexion…').count()).toBe(0);
  // Only once.
  expect(await messageLog(citizen).getByText('Message écrit hors ligne').count()).toBe(1);

  // Ending asks for confirmation first.
  await citizen.getByRole('button', { name: 'Terminer l’échange' }).click();
  await citizen.getByRole('button', { name: 'Non, continuer' }).click();
  await citizen.getByRole('button', { name: 'Terminer l’échange' }).click();
  await citizen.getByRole('button', { name: 'Oui, terminer' }).click();
  await citizen.getByRole('heading', { level: 1, name: 'L’échange est terminé' }).waitFor();

  await citizen.getByRole('button', { name: 'Commencer un nouvel échange' }).click();
  await citizen.getByRole('heading', { level: 1, name: /Échanger par écrit/ }).waitFor();
  await citizenCtx.close();
});

test('an operator holds several conversations: danger first, queue positions, take next, switching keeps drafts, unread dots', async () => {
  const operator = await (await staffContext(browser)).newPage();
  await signInAs(operator, server, OPERATOR.username);
  const first = await (await citizenContext(browser)).newPage();
  const second = await (await citizenContext(browser)).newPage();
  await startConversation(first, server.url, { topic: 'Discrimination', postalCode: '59000' });
  await startConversation(second, server.url, { topic: 'Une question sur ma sécurité', postalCode: '33000', danger: true });

  // Danger first, even though it arrived last.
  const takes = operator.getByRole('button', { name: /^Prendre la conversation/ });
  await expect.poll(() => takes.count()).toBe(2);
  const labels = await takes.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? ''));
  expect(labels[0]).toMatch(/^Prendre la conversation : Une question sur ma sécurité/);
  expect(labels[1]).toMatch(/^Prendre la conversation : Discrimination/);

  // Each citizen knows where they stand.
  await second.getByText('Vous êtes le prochain échange à être pris en charge.').waitFor();
  await first.getByText('Vous êtes en position 2 dans la file d’attente.').waitFor();

  // "Take the most urgent" picks the danger one; the other is taken by hand.
  await operator.getByRole('button', { name: 'Prendre la plus urgente' }).click();
  await operator.getByRole('heading', { level: 2, name: /Une question sur ma sécurité — 33000/ }).waitFor();
  await first.getByText('Vous êtes le prochain échange à être pris en charge.').waitFor();
  await operator.getByRole('button', { name: /^Prendre la conversation : Discrimination/ }).click();
  await operator.getByRole('heading', { level: 2, name: /Discrimination — 59000/ }).waitFor();
  await operator.getByRole('region', { name: 'Mes conversations' }).getByRole('button', { name: /Une question sur ma sécurité/ }).click();
  await operator.getByRole('heading', { level: 2, name: /Une question sur ma sécurité — 33000/ }).waitFor();

  const mine = operator.getByRole('region', { name: 'Mes conversations' });
  const discrimination = mine.getByRole('button', { name: /Discrimination/ });
  const question = mine.getByRole('button', { name: /Une question sur ma sécurité/ });
  expect(await question.getAttribute('aria-current')).toBe('true');

  // A draft in one conversation survives switching to the other and back.
  await operator.getByRole('textbox', { name: 'Votre message' }).fill('Brouillon en cours');
  await discrimination.click();
  expect(await discrimination.getAttribute('aria-current')).toBe('true');
  expect(await operator.getByRole('textbox', { name: 'Votre message' }).inputValue()).toBe('');

  // The other citizen writes: an unread dot appears on that conversation only.
  await sendMessage(second, 'Je suis encore là.');
  await expect.poll(() => question.textContent()).toContain('Nouveaux messages');
  expect(await discrimination.textContent()).not.toContain('Nouveaux messages');

  await question.click();
  await messageLog(operator).getByText('Je suis encore là.').waitFor();
  expect(await operator.getByRole('textbox', { name: 'Votre message' }).inputValue()).toBe('Brouillon en cours');
  await expect.poll(() => question.textContent()).not.toContain('Nouveaux messages');
});

test('a message that reveals danger flags the conversation: emergency numbers for the citizen, top of the queue for operators', async () => {
  const operator = await (await staffContext(browser)).newPage();
  await signInAs(operator, server, OPERATOR.username);
  const earlier = await (await citizenContext(browser)).newPage();
  await startConversation(earlier, server.url, { topic: 'Autre sujet', postalCode: '44000' });
  const citizen = await (await citizenContext(browser)).newPage();
  await startConversation(citizen, server.url, { topic: 'Une question sur ma sécurité', postalCode: '67000' });
  expect(await citizen.getByRole('link', { name: /Appeler le 17/ }).count()).toBe(0);

  await sendMessage(citizen, 'Il a sorti un couteau');
  await citizen.getByRole('link', { name: /Appeler le 17/ }).waitFor();
  expect(await citizen.getByRole('link', { name: /SMS au 114/ }).getAttribute('href')).toBe('sms:114');

  const top = operator.getByRole('region', { name: /^File d’attente/ }).getByRole('listitem').first();
  await expect.poll(() => top.textContent()).toMatch(/^Danger.*Une question sur ma sécurité/);
  await top.getByRole('button', { name: /^Prendre la conversation/ }).click();
  await messageLog(operator).getByText('Danger détecté : arme').waitFor();
});
