import { generate } from 'otplib';
import type { StartConversationRequest } from '@brigade/protocol';

/** Minimal JSON HTTP helper over Node's fetch. */
export async function http(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; cookie?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.cookie) headers.cookie = options.cookie;
  const response = await fetch(baseUrl + path, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* keep text */
  }
  return { status: response.status, body, headers: response.headers };
}

export async function startConversation(
  baseUrl: string,
  input: Partial<StartConversationRequest> = {},
): Promise<{ conversationId: string; citizenToken: string }> {
  const res = await http(baseUrl, 'POST', '/api/conversations', {
    body: { topic: 'violence', postalCode: '35000', danger: false, ...input },
  });
  if (res.status !== 201) throw new Error(`start failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { conversationId: string; citizenToken: string };
}

/** The `name=value` pair of a Set-Cookie answer. */
export function cookieOf(headers: Headers): string {
  const pair = (headers.get('set-cookie') ?? '').split(';')[0];
  if (!pair) throw new Error('no session cookie');
  return pair;
}

/** A TOTP code as an authenticator app shows it, `offsetSteps` periods from now. */
export async function totpCode(secret: string, offsetSteps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
}

/**
 * Logs in as a person would: password, then a code from their authenticator app. Returns the
 * `brigade_staff=…` cookie pair of the fully authenticated session.
 */
export async function login(baseUrl: string, username: string, password: string, totpSecret: string, offsetSteps = 0): Promise<string> {
  const res = await http(baseUrl, 'POST', '/api/auth/login', { body: { username, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  const cookie = cookieOf(res.headers);
  const second = await http(baseUrl, 'POST', '/api/auth/totp', { cookie, body: { code: await totpCode(totpSecret, offsetSteps) } });
  if (second.status !== 200) throw new Error(`second factor failed: ${second.status} ${JSON.stringify(second.body)}`);
  return cookie;
}
