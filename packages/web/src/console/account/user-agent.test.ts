import { expect, test } from 'vitest';
import { summarizeUserAgent } from './user-agent.js';

test('common browsers and systems are named', () => {
  expect(summarizeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0')).toEqual({
    browser: 'Firefox',
    system: 'Windows',
  });
  expect(
    summarizeUserAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0'),
  ).toEqual({ browser: 'Edge', system: 'Linux' });
  expect(
    summarizeUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'),
  ).toEqual({ browser: 'Safari', system: 'iOS' });
  expect(summarizeUserAgent('Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36')).toEqual({
    browser: 'Chrome',
    system: 'Android',
  });
});

test('anything else is not guessed', () => {
  expect(summarizeUserAgent('curl/8.5.0')).toEqual({ browser: null, system: null });
});
