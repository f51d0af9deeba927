import { describe, expect, it } from 'vitest';
import { fakeCommonPasswords } from '../testing/fakes.js';
import { MIN_PASSWORD_LENGTH, passwordProblem } from './password-policy.js';

const claire = { username: 'jdupont', firstName: 'Claire' };
const elodie = { username: 'em', firstName: 'Élodie' };

const check = (password: string, who = claire) => passwordProblem(password, who, fakeCommonPasswords);

describe('passwordProblem', () => {
  it('asks for at least 12 characters', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(12);
  });

  it.each([
    ['a long passphrase', 'correct horse battery staple'],
    ['exactly 12 characters', 'bleu-cheval7'],
    ['12 characters, no composition rule needed', 'tortuegeante'],
    ['a passphrase that merely contains a common password', 'password is not enough'],
    ['a common password inside other letters', 'xpasswordx12'],
    ['the first name followed by other letters', 'clairefontaine'],
    ['the username in the middle of a phrase', 'hello jdupont, ça va ?'],
    ['accented letters, 12 code points', 'éléphantrose'],
    ['12 emoji (24 UTF-16 units)', '🐘🦒🦓🐅🐆🦏🐊🐍🦎🐢🐸🦉'],
    ['three distinct characters, repeated', 'abcabcabcabc'],
  ])('accepts %s: %j', (_why, password) => {
    expect(check(password)).toBeNull();
  });

  it.each([
    ['empty', ''],
    ['11 characters', 'abcdefghijk'],
    ['11 accented characters', 'éléphantros'],
    ['6 emoji: 12 UTF-16 units but 6 code points', '🐘🦒🦓🐅🐆🦏'],
    ['11 characters with a decomposed accent counted as 2', 'e\u0301le\u0301phant'],
    ['a common password, even long enough in other respects', 'azertyuiop'],
  ])('refuses as too short %s: %j', (_why, password) => {
    expect(check(password)).toBe('too_short');
  });

  it.each([
    ['a common password (exact)', '123456789012'],
    ['a common password with trailing digits and a symbol', 'password2024!'],
    ['a common password, upper case, trailing digits', 'PASSWORD2024!'],
    ['a common French password with trailing digits', 'motdepasse123'],
    ['a common password with leading symbols', '!!!motdepasse'],
    ['a common password surrounded by digits and symbols', '2024_soleil_!'],
    ['a common password padded to 12 with digits', 'azertyuiop12'],
    ['the username with digits', 'jdupont2024!'],
    ['the username, mixed case, with an underscore', 'JDupont_1234'],
    ['the first name with digits', 'Claire123456'],
    ['the first name after digits', '2024claire!!'],
    ['one repeated character', 'aaaaaaaaaaaa'],
    ['one repeated accented character', 'ééééééééééééé'],
    ['only spaces', '            '],
    ['two alternating characters', 'abababababab'],
  ])('refuses as too common %s: %j', (_why, password) => {
    expect(check(password)).toBe('too_common');
  });

  it.each([
    ['followed by digits', 'élodie123456'],
    ['capitalised, followed by symbols', 'Élodie!!2024'],
    ['after digits', '1990élodie!!'],
    ['between symbols', '__élodie__12'],
  ])('refuses a password built on an accented first name %s: %j', (_why, password) => {
    expect(check(password, elodie)).toBe('too_common');
  });

  it('a first name followed by other accented letters is not "built on the name" only', () => {
    expect(check('élodieétéàlamer', elodie)).toBeNull();
  });

  it('names shorter than 3 characters are not checked', () => {
    expect(check('em2024202420', { username: 'em', firstName: 'Al' })).toBeNull();
    expect(check('al!!!!!!!!!!', { username: 'em', firstName: 'Al' })).toBeNull();
    expect(check('eve202420242', { username: 'em', firstName: 'Eve' })).toBe('too_common');
  });

  it('the names are those of the account being checked', () => {
    expect(check('Claire123456', { username: 'pmartin', firstName: 'Paul' })).toBeNull();
    expect(check('pmartin12345', { username: 'pmartin', firstName: 'Paul' })).toBe('too_common');
  });
});
