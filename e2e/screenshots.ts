// Screenshots for the docs: `npx tsx e2e/screenshots.ts` (needs a built web app:
// `npm run build`). Writes docs/screenshots/citizen.png (390×844, a phone) and console.png.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './support/browser.js';
import { citizenContext, messageLog, OPERATOR, sendMessage, signInAs, staffContext, startConversation, startServer } from './support/brigade.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');
mkdirSync(out, { recursive: true });

const server = await startServer();
const browser = await launchBrowser();
try {
  await server.createStaff(OPERATOR);
  const citizen = await (await citizenContext(browser)).newPage();
  const operator = await (await staffContext(browser)).newPage();

  await signInAs(operator, server, OPERATOR.username);
  // A second conversation waits in the queue, flagged as danger, to show the ordering.
  const other = await (await citizenContext(browser)).newPage();
  await startConversation(other, server.url, { topic: 'Cyberharcèlement', postalCode: '69003', danger: true });

  await startConversation(citizen, server.url, { topic: 'Violences dans le couple ou la famille', postalCode: '35000' });
  await sendMessage(citizen, 'Bonjour. Mon conjoint me surveille et lit mes messages. Je ne sais pas quoi faire.');
  await operator.getByRole('button', { name: /^Prendre la conversation : Violences/ }).click();
  await messageLog(operator).getByText('Mon conjoint me surveille', { exact: false }).waitFor();
  await sendMessage(operator, 'Bonjour, je suis l’adjudante Julie. Vous avez bien fait d’écrire. Êtes-vous en sécurité en ce moment ?');
  await sendMessage(citizen, 'Oui, il est au travail jusqu’à 18 h.');
  await messageLog(citizen).getByText('Lu').first().waitFor();
  await operator.getByRole('textbox', { name: 'Votre message' }).pressSequentially('D’accord. Nous allons', { delay: 10 });
  await citizen.getByText('est en train d’écrire').waitFor();
  await citizen.getByRole('textbox', { name: 'Votre message' }).click();

  await citizen.screenshot({ path: join(out, 'citizen.png') });
  await operator.screenshot({ path: join(out, 'console.png') });
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  await server.close();
}
