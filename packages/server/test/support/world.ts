import { startTestServer, type TestServer } from '../../src/testing/start-test-server.js';

export const PASSWORD = 'correct horse battery staple';

export interface World {
  server: TestServer;
  url: string;
  /** Cookies of: two operators, one supervisor-only, one admin-only account. */
  cookies: { op1: string; op2: string; supervisor: string; admin: string };
  ids: { op1: string; op2: string; supervisor: string; admin: string };
  /** TOTP secrets by username, to compute codes as the person's phone would. */
  totp: Record<string, string>;
}

/** A running server with four staff accounts logged in. */
export async function createWorld(databaseUrl: string): Promise<World> {
  const server = await startTestServer({ databaseUrl });
  const totp: Record<string, string> = {};
  const make = async (username: string, firstName: string, roles: ('operator' | 'supervisor' | 'admin')[]) => {
    const { id, totpSecret } = await server.createStaff({ username, password: PASSWORD, rank: 'Adjudante', firstName, roles });
    if (totpSecret) totp[username] = totpSecret;
    return id;
  };
  const ids = {
    op1: await make('julie', 'Julie', ['operator']),
    op2: await make('marc', 'Marc', ['operator']),
    supervisor: await make('chef', 'Anne', ['supervisor']),
    admin: await make('admin', 'Paul', ['admin']),
  };
  const cookies = {
    op1: await server.signIn('julie'),
    op2: await server.signIn('marc'),
    supervisor: await server.signIn('chef'),
    admin: await server.signIn('admin'),
  };
  return { server, url: server.url, cookies, ids, totp };
}
