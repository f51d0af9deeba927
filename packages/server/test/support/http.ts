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

/** Logs in and returns the `brigade_staff=…` cookie pair. */
export async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await http(baseUrl, 'POST', '/api/auth/login', { body: { username, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const pair = setCookie.split(';')[0];
  if (!pair) throw new Error('no session cookie');
  return pair;
}
