// Quick exit, three ways (button, Shift ×3, the hidden first link): the page leaves for a
// neutral site, Back does not return to the chat, the origin keeps no trace, and the server
// has revoked the citizen's token.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './support/browser';
import {
  citizenContext,
  expectNoTraces,
  NEUTRAL_URL,
  originTraces,
  sendMessage,
  startConversation,
  startServer,
  type TestServer,
} from './support/brigade';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Starts a conversation with one stored message; returns the credential the tab holds. */
async function citizenInConversation(context: BrowserContext): Promise<{ page: Page; token: string }> {
  const page = await context.newPage();
  await startConversation(page, server.url, { topic: 'Violences dans le couple ou la famille', postalCode: '13001' });
  await sendMessage(page, 'Il rentre bientôt.');
  const token = await page.evaluate(() => {
    const raw = sessionStorage.getItem('brigade.citizen');
    return raw === null ? '' : String((JSON.parse(raw) as { citizenToken?: unknown }).citizenToken ?? '');
  });
  expect(token).not.toBe('');
  return { page, token };
}

/** Says hello with the token on a fresh WebSocket from the app's origin; returns the server's first answer. */
async function helloWith(context: BrowserContext, token: string): Promise<{ type?: string; code?: string; closeCode?: number }> {
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}/aide/sortie-rapide`);
    return await page.evaluate(
      (citizenToken) =>
        new Promise<{ type?: string; code?: string; closeCode?: number }>((resolve) => {
          const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/realtime`);
          const timer = setTimeout(() => resolve({ type: 'timeout' }), 5000);
          ws.onopen = () => ws.send(JSON.stringify({ type: 'session.hello', requestId: 'probe', protocolVersion: 1, citizenToken }));
          ws.onmessage = (event) => {
            clearTimeout(timer);
            const frame = JSON.parse(String(event.data)) as { type?: string; error?: { code?: string } };
            resolve({ type: frame.type, code: frame.error?.code });
            ws.close();
          };
          ws.onclose = (event) => {
            clearTimeout(timer);
            resolve({ type: 'closed', closeCode: event.code });
          };
        }),
      token,
    );
  } finally {
    await page.close();
  }
}

async function expectLeftForGood(context: BrowserContext, page: Page, token: string): Promise<void> {
  await page.waitForURL(NEUTRAL_URL);
  expect(await page.textContent('body')).toContain('neutral');

  // Back does not return to the chat: the chat's history entry was replaced.
  await page.goBack().catch(() => null);
  expect(page.url().startsWith(server.url)).toBe(false);

  // Nothing left on the origin: storage, cookies, databases.
  expectNoTraces(await originTraces(context, server.url));

  // The token is dead on the server (the beacon may land a moment after the page left).
  await expect
    .poll(() => helloWith(context, token), { timeout: 10_000 })
    .toMatchObject({ type: 'error', code: 'auth/invalid_credentials' });
}

describe('quick exit', () => {
  test('with the red button', async () => {
    const context = await citizenContext(browser);
    const { page, token } = await citizenInConversation(context);
    const before = await helloWith(context, token);
    expect(before.type).toBe('session.ready');

    await page.getByRole('button', { name: 'Quitter rapidement', exact: true }).click();
    await expectLeftForGood(context, page, token);
    await context.close();
  });

  test('by pressing Shift three times, even while typing; capitals typed with Shift do not trigger it', async () => {
    const context = await citizenContext(browser);
    const { page, token } = await citizenInConversation(context);
    const box = page.getByRole('textbox', { name: 'Votre message' });
    await box.click();
    // "JSL": three capitals, each typed with Shift held: must not leave.
    for (const key of ['KeyJ', 'KeyS', 'KeyL']) {
      await page.keyboard.down('Shift');
      await page.keyboard.press(key);
      await page.keyboard.up('Shift');
    }
    await page.waitForTimeout(300);
    expect(page.url()).toBe(`${server.url}/`);
    expect(await box.inputValue()).toBe('JSL');

    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
    await expectLeftForGood(context, page, token);
    await context.close();
  });

  test('with the hidden link, the first thing reached with Tab', async () => {
    const context = await citizenContext(browser);
    const { page, token } = await citizenInConversation(context);
    // A fresh load (the conversation resumes): the first Tab lands on the hidden link.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Un agent va vous répondre' }).waitFor();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const box = el.getBoundingClientRect();
      return { tag: el.tagName, text: el.textContent, visible: box.width > 1 && box.height > 1 };
    });
    expect(focused).toEqual({ tag: 'A', text: 'Quitter rapidement ce site', visible: true });
    await page.keyboard.press('Enter');
    await expectLeftForGood(context, page, token);
    await context.close();
  });

  test('the help page explains what is and is not erased, and is linked from the start screen', async () => {
    const context = await citizenContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: /Quitter rapidement et ne pas laisser de traces/ }).click();
    await page.waitForURL(`${server.url}/aide/sortie-rapide`);
    await page.getByRole('heading', { level: 1, name: 'Quitter rapidement ce site' }).waitFor();
    await page.getByRole('heading', { name: 'Ce que le bouton n’efface pas' }).waitFor();
    expect(await page.textContent('main')).toContain('l’historique de votre navigateur');
    expect(await page.textContent('main')).toContain('navigation privée');
    expect(await page.title()).toBe('Ma sécurité – Échanger avec un agent');
    // The exit button is there too.
    await page.getByRole('button', { name: 'Quitter rapidement', exact: true }).click();
    await page.waitForURL(NEUTRAL_URL);
    await context.close();
  });
});
