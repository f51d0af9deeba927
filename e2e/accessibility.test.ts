// axe (WCAG 2.1 A/AA) on every screen, in the states people actually meet: no serious or
// critical violation allowed. Keyboard focus after each step is checked here too.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeScan, launchBrowser } from './support/browser';
import {
  citizenContext,
  fillStartForm,
  enrolAuthenticator,
  messageLog,
  OPERATOR,
  sendMessage,
  signInAs,
  staffContext,
  startConversation,
  startServer,
  type TestServer,
} from './support/brigade';

let server: TestServer;
let browser: Browser;
let setupToken: string;

beforeAll(async () => {
  server = await startServer();
  setupToken = server.setupToken ?? '';
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function expectAccessible(page: Page, what: string): Promise<void> {
  expect(await axeScan(page), what).toEqual([]);
}

async function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
}

describe('citizen page', () => {
  test('start screen, its errors, the danger answer, in French and English', async () => {
    const page = await (await citizenContext(browser)).newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await expectAccessible(page, 'start screen');

    // Submitting empty: errors shown, focus on the first field in error.
    await page.getByRole('button', { name: 'Commencer l’échange' }).click();
    await page.getByText('Choisissez un sujet.').waitFor();
    await page.getByText('Saisissez un code postal de 5 chiffres, par exemple 35000.').waitFor();
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('topic');
    await expectAccessible(page, 'start screen with errors');

    await fillStartForm(page, { danger: true });
    await page.getByRole('link', { name: /Appeler le 17/ }).waitFor();
    expect(await page.getByRole('link', { name: /Appeler le 17/ }).getAttribute('href')).toBe('tel:17');
    expect(await page.getByRole('link', { name: /Appeler le 112/ }).getAttribute('href')).toBe('tel:112');
    expect(await page.getByRole('link', { name: /SMS au 114/ }).getAttribute('href')).toBe('sms:114');
    await expectAccessible(page, 'danger: yes');

    await page.getByRole('button', { name: 'Read this page in English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Write to a gendarme or police officer' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.title()).toBe('Ma sécurité – Échanger avec un agent');
    await expectAccessible(page, 'start screen in English');
    await page.getByRole('button', { name: 'Lire cette page en français' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
  });

  test('waiting room, chat with an operator, end screen', async () => {
    const operatorPage = await (await staffContext(browser)).newPage();
    const page = await (await citizenContext(browser)).newPage();
    await server.createStaff(OPERATOR);

    await startConversation(page, server.url, { danger: true });
    // Focus moved to the new step's heading.
    expect(await focusedText(page)).toBe('Un agent va vous répondre');
    await sendMessage(page, 'Bonjour, je ne peux pas parler.');
    await expectAccessible(page, 'waiting room');

    await signInAs(operatorPage, server, OPERATOR.username);
    await operatorPage.getByRole('button', { name: /^Prendre la conversation/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Adjudante Julie vous répond' }).waitFor();
    await sendMessage(operatorPage, 'Je suis là. Vous pouvez écrire.');
    await messageLog(page).getByText('Je suis là. Vous pouvez écrire.').waitFor();
    await operatorPage.getByRole('textbox', { name: 'Votre message' }).pressSequentially('Restez', { delay: 20 });
    await page.getByText('Adjudante Julie est en train d’écrire…').waitFor();
    await expectAccessible(page, 'chat');
    await expectAccessible(operatorPage, 'console with a conversation open');

    await page.getByRole('button', { name: 'Terminer l’échange' }).click();
    expect(await focusedText(page)).toContain('Voulez-vous vraiment terminer l’échange ?');
    await expectAccessible(page, 'leave confirmation');
    await page.getByRole('button', { name: 'Oui, terminer' }).click();
    await page.getByRole('heading', { level: 1, name: 'L’échange est terminé' }).waitFor();
    expect(await focusedText(page)).toBe('L’échange est terminé');
    await expectAccessible(page, 'end screen');
  });

  test('dark mode (the device preference is followed)', async () => {
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' })).newPage();
    await page.goto(`${server.url}/`);
    await fillStartForm(page, { danger: true });
    expect(await page.getAttribute('html', 'data-fr-theme')).toBe('dark');
    await expectAccessible(page, 'start screen, dark');
  });

  test('quick-exit help page', async () => {
    const page = await (await citizenContext(browser)).newPage();
    await page.goto(`${server.url}/aide/sortie-rapide`);
    await page.getByRole('heading', { level: 1, name: 'Quitter rapidement ce site' }).waitFor();
    await expectAccessible(page, 'quick-exit help page');
  });
});

describe('staff console', () => {
  test('setup page', async () => {
    const page = await (await staffContext(browser)).newPage();
    await page.goto(`${server.url}/setup#token=${encodeURIComponent(setupToken)}`);
    await page.getByRole('heading', { level: 1, name: 'Créer le premier compte administrateur' }).waitFor();
    await expectAccessible(page, 'setup page');
    await page.getByRole('button', { name: 'Créer le compte et entrer' }).click();
    await page.getByText('Vérifiez les champs signalés.').waitFor();
    await expectAccessible(page, 'setup page with errors');
  });

  test('login page, with an error', async () => {
    const page = await (await staffContext(browser)).newPage();
    await page.goto(`${server.url}/console`);
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    expect(await focusedText(page)).toBe('Connexion');
    await expectAccessible(page, 'login page');
    await page.getByRole('textbox', { name: 'Identifiant' }).fill('personne');
    await page.getByLabel('Mot de passe').fill('pas-le-bon-mot-de-passe');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('alert').waitFor();
    await expectAccessible(page, 'login page with an error');
  });

  test('second factor: enrolment, recovery codes, code entry', async () => {
    await server.createStaff({ username: 'nouveau', password: 'nouveau-password-1', rank: 'Gendarme', firstName: 'Noé', roles: ['operator'] }, { withTotp: false });
    const page = await (await staffContext(browser)).newPage();
    await page.goto(`${server.url}/console`);
    await page.getByRole('textbox', { name: 'Identifiant' }).fill('nouveau');
    await page.getByLabel('Mot de passe').fill('nouveau-password-1');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('img', { name: 'QR code à scanner avec l’application d’authentification' }).waitFor();
    await expectAccessible(page, 'enrolment page');
    await enrolAuthenticator(page);
    await expectAccessible(page, 'recovery codes page');

    const { totpSecret } = await server.createStaff({ username: 'agent', password: 'agent-password-12', rank: 'Gendarme', firstName: 'Inès', roles: ['operator'] });
    expect(totpSecret).not.toBeNull();
    const other = await (await staffContext(browser)).newPage();
    await other.goto(`${server.url}/console`);
    await other.getByRole('textbox', { name: 'Identifiant' }).fill('agent');
    await other.getByLabel('Mot de passe').fill('agent-password-12');
    await other.getByRole('button', { name: 'Se connecter' }).click();
    await other.getByRole('heading', { level: 1, name: 'Vérification en deux étapes' }).waitFor();
    expect(await focusedText(other)).toBe('Vérification en deux étapes');
    await expectAccessible(other, 'second factor page');
    await other.getByRole('button', { name: 'Valider' }).click();
    await other.getByText('Saisissez les 6 chiffres du code.').waitFor();
    await expectAccessible(other, 'second factor page with an error');
  });

  test('accounts page (administrator)', async () => {
    await server.createStaff({ username: 'chef', password: 'chef-password-2025', rank: 'Commandant', firstName: 'Luc', roles: ['admin'] });
    const page = await (await staffContext(browser)).newPage();
    // An administrator only (no queue to work) lands on the accounts.
    await signInAs(page, server, 'chef', { landing: 'Comptes' });
    await page.getByRole('cell', { name: 'chef', exact: true }).waitFor();
    await expectAccessible(page, 'accounts page');
  });
});
