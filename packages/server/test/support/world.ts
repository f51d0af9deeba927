import { startTestServer, type TestServer } from '../../src/testing/start-test-server.js';
import { login } from './http.js';

export const PASSWORD = 'correct horse battery staple';

export interface World {
  server: TestServer;
  url: string;
  /** Cookies of: two operators, one supervisor-only, one admin-only account. */
  cookies: { op1: string; op2: string; supervisor: string; admin: string };
  ids: { op1: string; op2: string; supervisor: string; admin: string };
}

/** A running server with four staff accounts logged in. */
export async function createWorld(databaseUrl: string): Promise<World> {
  const server = await startTestServer({ databaseUrl });
  const make = async (username: string, firstName: string, roles: ('operator' | 'supervisor' | 'admin')[]) =>
    (await server.createStaff({ username, password: PASSWORD, rank: 'Adjudante', firstName, roles })).id;
  const ids = {
    op1: await make('julie', 'Julie', ['operator']),
    op2: await make('marc', 'Marc', ['operator']),
    supervisor: await make('chef', 'Anne', ['supervisor']),
    admin: await make('admin', 'Paul', ['admin']),
  };
  const cookies = {
    op1: await login(server.url, 'julie', PASSWORD),
    op2: await login(server.url, 'marc', PASSWORD),
    supervisor: await login(server.url, 'chef', PASSWORD),
    admin: await login(server.url, 'admin', PASSWORD),
  };
  return { server, url: server.url, cookies, ids };
}
