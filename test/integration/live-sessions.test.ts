// A live socket ends with its session: logging out (or a revoked session) drops it within the
// recheck interval, so a stolen dashboard tab does not keep receiving a business's events.
import { Client, Connection } from '@temporalio/client';
import { io, type Socket } from 'socket.io-client';
import { initORM, type Orm } from '../../db/orm';
import { registerBusiness, withRefreshCookie } from '../support/api-client';
import { startApi, testConfig, type RunningApi } from '../support/api-app';
import { stack } from '../support/stack';

let orm: Orm;
let temporal: Client;
let api: RunningApi;
beforeAll(async () => {
  orm = await initORM(stack.databaseUrl, { poolMax: 2 });
  temporal = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
  api = await startApi({
    orm,
    temporal,
    live: true,
    liveSessionRecheckMs: 200,
    config: testConfig({ DATABASE_URL: stack.databaseUrl, PUBLIC_URL: stack.apiUrl, TWILIO_API_URL: stack.sandboxUrl }),
  });
});
afterAll(async () => {
  await api?.close();
  await temporal?.connection.close();
  await orm?.close(true);
});

function connect(token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(api.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

test('logging out drops the open live socket; a socket of a session still signed in stays', async () => {
  const owner = await registerBusiness(api.url);
  const other = await registerBusiness(api.url);
  const [leaving, staying] = await Promise.all([connect(owner.accessToken), connect(other.accessToken)]);
  const dropped = new Promise<string>((resolve) => leaving.once('disconnect', resolve));
  const logout = await withRefreshCookie(api.url, 'logout', owner.refreshToken);
  expect(logout.status).toBe(204);
  expect(await dropped).toBe('io server disconnect');
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect(staying.connected).toBe(true);
  staying.disconnect();
  // And the same token cannot open a new one.
  await expect(connect(owner.accessToken)).rejects.toThrow(/unauthorized/);
});
