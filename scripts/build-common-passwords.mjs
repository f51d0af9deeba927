#!/usr/bin/env node
// Regenerates packages/server/src/security/common-passwords.txt from the zxcvbn common list
// (MIT) plus a few French favourites. The file is committed: the list ships with the project.
import { writeFileSync } from 'node:fs';
import { dictionary } from '@zxcvbn-ts/language-common';

const french = ['motdepasse', 'azerty', 'azertyuiop', 'soleil', 'bonjour', 'doudou', 'chouchou', 'loulou', 'marseille', 'france',
  'jetaime', 'nicolas', 'camille', 'gendarmerie', 'gendarme', 'police', 'policier', 'brigade', 'liberte', 'motdepasse123'];
const list = [...new Set([...dictionary['passwords-common'], ...french].map((p) => p.toLowerCase()))];
const header = '# Common passwords refused for staff accounts (lowercase). Source: zxcvbn-ts language-common (MIT) + French additions.\n';
writeFileSync(new URL('../packages/server/src/security/common-passwords.txt', import.meta.url), header + list.join('\n') + '\n');
console.log(`${list.length} passwords written`);
