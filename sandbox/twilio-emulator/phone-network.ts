// The world outside Twilio: callers who dial and text business numbers, and their phones' view of
// the conversation. No auth and open CORS: it is a test and dashboard control surface, not Twilio.
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { z } from 'zod';
import { placeCall, type CallDeps, type InboundCall, type OwnerBehaviour, type PlacedCall } from './calls';
import { isValidPhone, numberByPhone, type Faults, type MessageStatus } from './state';
import { receiveSms, type TextingDeps } from './texting';

export interface PhoneMessage {
  sid: string;
  from: string;
  to: string;
  body: string;
  direction: 'to-phone' | 'from-phone';
  status: MessageStatus;
  dateCreated: string;
}

export interface PhoneNetwork {
  /** Resolves when the call is over, with what the caller (and the owner's phone) heard. */
  call(input: Omit<InboundCall, 'owner'> & { to: string; owner?: OwnerBehaviour | undefined }): Promise<PlacedCall>;
  /**
   * `status` is the app's webhook answer, null when the number has no SmsUrl or `webhook` is false:
   * Twilio took the text but never reached the app (it was down), so only its message list has it.
   */
  text(input: { from: string; to: string; body: string; webhook?: boolean }): Promise<{ messageSid: string; status: number | null }>;
  /** Every text to and from `phone`, oldest first. */
  messagesOf(phone: string): PhoneMessage[];
}

/** A control request the network cannot carry out; `code` says why in a word, `message` what to do. */
export class PhoneNetworkError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What Twilio puts in From when the caller hides their number (a call only: texts always have one). */
const WITHHELD_CALLER_IDS = new Set(['anonymous', 'Anonymous', 'Restricted', 'Unknown', '+266696687']);

export function createPhoneNetwork(deps: TextingDeps & CallDeps): PhoneNetwork {
  const { state } = deps;
  function businessNumber(from: string, to: string, { withheldAllowed = false } = {}) {
    if (!isValidPhone(from) && !(withheldAllowed && WITHHELD_CALLER_IDS.has(from)))
      throw new PhoneNetworkError(400, 'invalid_phone', `from ${from} is not an E.164 phone number`);
    const number = numberByPhone(state, to);
    if (!number) throw new PhoneNetworkError(404, 'number_not_owned', `${to} is not owned by this account: buy it first`);
    return number;
  }
  return {
    async call(input) {
      const number = businessNumber(input.from, input.to, { withheldAllowed: true });
      state.stats.callsPlaced += 1;
      return placeCall(deps, number, { ...input, owner: input.owner ?? 'no-answer' });
    },
    async text({ from, to, body, webhook = true }) {
      return receiveSms(deps, businessNumber(from, to), from, body, { webhook });
    },
    messagesOf(phone) {
      return state.messages
        .filter((message) => message.to === phone || message.from === phone)
        .map(({ sid, from, to, body, status, dateCreated }) => ({
          sid,
          from,
          to,
          body,
          direction: to === phone ? 'to-phone' : 'from-phone',
          status,
          dateCreated: dateCreated.toISOString(),
        }));
    },
  };
}

const phone = z.string().trim().min(1);
const callRequest = z.object({
  from: phone,
  to: phone,
  owner: z.enum(['no-answer', 'busy', 'accept', 'decline', 'voicemail']).default('no-answer'),
  voicemail: z.string().optional(),
});
const smsRequest = z.object({ from: phone, to: phone, body: z.string(), webhook: z.boolean().default(true) });
const count = z.int().min(0);
const faultsRequest = z.strictObject({
  messagesCreate: z
    .union([z.strictObject({ status: z.union([z.literal(500), z.literal(503)]), count }), z.strictObject({ delayMs: count, count })])
    .optional(),
  duplicateWebhooks: count.optional(),
  undeliverable: count.optional(),
  queueFull: count.optional(),
});

export function parseFaults(input: unknown): Faults {
  return faultsRequest.parse(input);
}

const isControlPath = (path: string) => path === '/healthz' || path === '/sandbox' || path.startsWith('/sandbox/');

/** Open CORS, so the dashboard (another origin in dev) can drive the network; bad requests answer JSON errors. */
export async function controlSurface(ctx: Context, next: Next): Promise<void> {
  if (!isControlPath(ctx.path)) return next();
  ctx.set('Access-Control-Allow-Origin', '*');
  ctx.set('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  ctx.set('Access-Control-Allow-Headers', 'Content-Type');
  if (ctx.method === 'OPTIONS') {
    ctx.status = 204;
    return;
  }
  try {
    await next();
  } catch (error) {
    if (!(error instanceof z.ZodError || error instanceof PhoneNetworkError)) throw error;
    ctx.status = error instanceof PhoneNetworkError ? error.status : 400;
    ctx.body = {
      error:
        error instanceof PhoneNetworkError
          ? { code: error.code, message: error.message }
          : { code: 'invalid_request', message: z.prettifyError(error) },
    };
  }
}

export interface PhoneNetworkControls {
  network: PhoneNetwork;
  stats(): object;
  faults: Faults;
  reset(): void;
}

export function createPhoneNetworkRouter(controls: PhoneNetworkControls): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { ok: true };
  });
  router.post('/sandbox/calls', async (ctx) => {
    ctx.body = await controls.network.call(callRequest.parse(ctx.request.body));
  });
  router.post('/sandbox/sms', async (ctx) => {
    ctx.body = await controls.network.text(smsRequest.parse(ctx.request.body));
  });
  router.get('/sandbox/phones/:phone/messages', (ctx) => {
    ctx.body = { messages: controls.network.messagesOf(ctx.params.phone!) };
  });
  router.get('/sandbox/stats', (ctx) => {
    ctx.body = controls.stats();
  });
  router.get('/sandbox/faults', (ctx) => {
    ctx.body = controls.faults;
  });
  router.post('/sandbox/faults', (ctx) => {
    controls.faults = parseFaults(ctx.request.body ?? {});
    ctx.body = controls.faults;
  });
  router.post('/sandbox/reset', (ctx) => {
    controls.reset();
    ctx.status = 204;
  });
  return router;
}
