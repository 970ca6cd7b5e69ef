// The cluster tier (docs/decisions/0026-cluster-tier.md): the product scaled out — a real Temporal
// cluster on PostgreSQL (two history processes, matching, frontend and worker as separate
// processes), two workers and two apis behind one PUBLIC_URL. Missed calls and caller texts are
// spread over both apis; a dashboard socket on api B sees what came in through api A and what
// either worker sent; then one worker and one history process are killed with SIGKILL mid-
// conversation: the survivors carry every conversation on, nothing is lost or sent twice, and the
// killed processes restart and rejoin. Prints what ran and the recovery times.
import { Client, Connection } from '@temporalio/client';
import { io, type Socket } from 'socket.io-client';
import { login, newCallerPhone, stack } from '../support/stack';
import {
  activityWorkers,
  answerTimes,
  apis,
  type Caller,
  callerText,
  control,
  findings,
  membershipHeartbeatSince,
  missedCall,
  percentile,
  pids,
  settle,
  sleep,
  temporalPorts,
} from './cluster-world';

jest.setTimeout(300_000);

const SPREAD_CALLERS = 8;
const CRASH_CALLERS = 8;
const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'never');
const report: string[][] = [];

let temporal: Client;
let socket: Socket;
const seen: { name: string; data: Record<string, unknown> }[] = [];
const conversationsByCaller = new Map<string, string>();
/** Every pid each of our processes had, so a restarted worker's identity is still named. */
const processNames = new Map<number, string>();

async function notePids(): Promise<void> {
  for (const [name, pid] of Object.entries(await pids())) if (pid) processNames.set(pid, name);
}

beforeAll(async () => {
  expect(apis).toHaveLength(2);
  temporal = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
  const token = await login();
  // The dashboard's socket, on api B only: websocket transport, so no sticky sessions are needed.
  socket = await new Promise<Socket>((resolve, reject) => {
    const client = io(apis[1]!, { auth: { token }, transports: ['websocket'], forceNew: true });
    client.once('connect', () => resolve(client));
    client.once('connect_error', reject);
  });
  socket.onAny((name: string, data: Record<string, unknown>) => {
    seen.push({ name, data });
    const conversation = data.conversation as { id: string; callerPhone: string } | undefined;
    if (name === 'conversation.updated' && conversation) conversationsByCaller.set(conversation.callerPhone, conversation.id);
  });
  await notePids();
});

afterAll(async () => {
  socket?.disconnect();
  await temporal?.connection.close();
  const widths = [46, 12, 12, 8, 10, 10];
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  process.stdout.write(
    [
      '',
      `Cluster tier: stack up in ${process.env.NMC_CLUSTER_STARTUP_SECONDS} s — Temporal history ×2, matching, frontend, worker; workers ×2; apis ×2`,
      line(['what ran', 'killed at', 'ready again', 'texts', 'p50', 'max']),
      ...report.map(line),
      '',
    ].join('\n'),
  );
});

const newCallers = (count: number): Caller[] => Array.from({ length: count }, () => ({ phone: newCallerPhone(), texts: [] }));

test('missed calls and texts spread over both apis; a socket on api B sees every event, from either worker', async () => {
  const started = Date.now();
  const callers = newCallers(SPREAD_CALLERS);
  await Promise.all(callers.map((caller, i) => missedCall(apis[i % 2]!, caller.phone)));
  await settle(callers, 30_000);
  // Two texts each, the first through the other api than the call, the second back through the first.
  for (const round of [1, 2]) {
    await Promise.all(callers.map((caller, i) => callerText(apis[(i + round) % 2]!, caller, `round ${round}: can you come tomorrow?`)));
    await settle(callers, 30_000);
  }
  expect(await findings(callers)).toEqual([]);

  // api B's socket saw every caller text (half of them came in through api A) and every text out.
  await sleep(1_000);
  for (const caller of callers) {
    const conversationId = conversationsByCaller.get(caller.phone);
    expect(conversationId).toBeDefined();
    const messages = seen
      .filter((event) => event.name === 'message.created')
      .map((event) => event.data.message as { conversationId: string; direction: string; body: string })
      .filter((message) => message.conversationId === conversationId);
    expect(messages.filter((m) => m.direction === 'inbound').map((m) => m.body)).toEqual(caller.texts.map((t) => t.body));
    expect(messages.filter((m) => m.direction === 'outbound').length).toBeGreaterThanOrEqual(1 + caller.texts.length);
  }
  const throughA = callers.flatMap((c) => c.texts).filter((t) => t.api === apis[0]).length;
  expect(throughA).toBeGreaterThan(0);

  // Both worker processes ran the conversations' activities.
  const ran = new Map<string, number>();
  for (const caller of callers) {
    for (const { identity } of await activityWorkers(temporal, caller.phone)) {
      const name = processNames.get(Number(identity.split('@')[0])) ?? identity;
      ran.set(name, (ran.get(name) ?? 0) + 1);
    }
  }
  expect([...ran.keys()].sort()).toEqual(['worker', 'worker-2']);
  const latencies = (await Promise.all(callers.map(answerTimes))).flat().map((t) => t.answeredAt - t.sentAt);
  report.push([
    `spread: ${SPREAD_CALLERS} calls, ${SPREAD_CALLERS * 2} texts, ${throughA} via api A; activities ${[...ran].map(([n, c]) => `${n} ${c}`).join(', ')}`,
    '',
    seconds(Date.now() - started),
    String(latencies.length),
    seconds(percentile(latencies, 50)),
    seconds(Math.max(...latencies)),
  ]);
});

test('SIGKILL one worker and one history process mid-conversation: survivors answer every text, nothing lost or twice; both rejoin', async () => {
  const callers = newCallers(CRASH_CALLERS);
  await Promise.all(callers.map((caller, i) => missedCall(apis[i % 2]!, caller.phone)));
  await settle(callers, 30_000);
  await Promise.all(callers.map((caller, i) => callerText(apis[i % 2]!, caller, 'first: I need a quote')));

  // Mid-conversation: the first texts are being answered when both die.
  const before = await pids();
  const killedAt = Date.now();
  await Promise.all([control('/kill/worker-2'), control('/temporal-kill/history')]);
  const after = await pids();
  expect(after['worker-2']).toBeNull();
  expect(after['temporal-history']).toBeNull();
  expect(after.worker).toBe(before.worker);
  expect(after['temporal-history-2']).toBe(before['temporal-history-2']);

  // Texts while they are down, through both apis: the survivors answer them all.
  await Promise.all(callers.map((caller, i) => callerText(apis[(i + 1) % 2]!, caller, 'second: is Friday ok?')));
  await settle(callers, 90_000);
  const duringOutage = (await Promise.all(callers.map(answerTimes)))
    .flat()
    .filter((t) => t.sentAt >= killedAt)
    .map((t) => t.answeredAt - t.sentAt);
  expect(duringOutage.every(Number.isFinite)).toBe(true);
  const answeredAllAt = Math.max(...(await Promise.all(callers.map(answerTimes))).flat().map((t) => t.answeredAt));
  report.push([
    'SIGKILL worker-2 + history: survivors answer',
    '0.0 s',
    '(down)',
    String(duringOutage.length),
    seconds(percentile(duringOutage, 50)),
    seconds(Math.max(...duringOutage)),
  ]);
  // Once worker-2 was gone, only the surviving worker started these conversations' activities.
  for (const caller of callers) {
    const started = (await activityWorkers(temporal, caller.phone)).filter((activity) => activity.at > killedAt);
    expect(started.map((activity) => activity.identity.split('@')[0])).toEqual(started.map(() => String(before.worker)));
  }

  // Restart both: the worker is ready when it polls both task queues, history when it heartbeats in the ring.
  const restartedAt = Date.now();
  const [workerReadyMs, historyPortMs] = await Promise.all([control('/start/worker-2'), control('/temporal-start/history')]);
  let historyRejoinedMs = Infinity;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(250)) {
    if (await membershipHeartbeatSince(temporalPorts.historyMembership!, restartedAt)) {
      historyRejoinedMs = Date.now() - restartedAt;
      break;
    }
  }
  expect(historyRejoinedMs).toBeLessThan(30_000);
  await notePids();
  report.push(['worker-2 restarted (polling both task queues)', seconds(restartedAt - killedAt), seconds(workerReadyMs), '', '', '']);
  report.push([
    'history restarted (port open / in the ring)',
    seconds(restartedAt - killedAt),
    `${seconds(historyPortMs)} / ${seconds(historyRejoinedMs)}`,
    '',
    '',
    '',
  ]);

  // After they rejoin: more texts, and new callers whose conversations both workers can pick up.
  const late = newCallers(4);
  await Promise.all(late.map((caller, i) => missedCall(apis[i % 2]!, caller.phone)));
  const rejoinStart = Date.now();
  await Promise.all(callers.map((caller, i) => callerText(apis[i % 2]!, caller, 'third: see you then')));
  await settle([...callers, ...late], 60_000);
  const afterRejoin = (await Promise.all(callers.map(answerTimes)))
    .flat()
    .filter((t) => t.sentAt >= rejoinStart)
    .map((t) => t.answeredAt - t.sentAt);
  expect(await findings([...callers, ...late])).toEqual([]);
  report.push([
    'texts after the rejoin',
    '',
    '',
    String(afterRejoin.length),
    seconds(percentile(afterRejoin, 50)),
    seconds(Math.max(...afterRejoin)),
  ]);
  report.push([`outage: every text answered ${seconds(answeredAllAt - killedAt)} after the kill`, '', '', '', '', '']);
});
