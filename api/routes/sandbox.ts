// Sandbox mode only: the dashboard's phone simulator plays the caller through the local Twilio
// emulator, which then calls our webhooks exactly as Twilio would.
import Router from '@koa/router';
import { z } from 'zod';
import { toE164 } from '../../domain/phone';
import type { Owner } from '../auth';
import type { ApiDeps } from '../deps';
import { HttpError, notFound, validate } from '../errors';
import { sql } from '../../db/sql';

const placeCall = z.object({
  callerPhone: z
    .string()
    .max(32)
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const e164 = toE164(value);
      if (!e164) ctx.addIssue({ code: 'custom', message: 'must be a phone number, e.g. +15125550123' });
      return e164;
    }),
});

export function sandboxRoutes({ orm, config }: ApiDeps) {
  const router = new Router({ prefix: '/api/sandbox' });

  router.post('/calls', async (ctx) => {
    const owner = ctx.state.owner as Owner;
    const { callerPhone } = validate(placeCall, ctx.request.body ?? {});
    const [number] = await sql<{ e164: string }[]>(
      orm.em,
      'select e164 from phone_numbers where tenant_id = ? order by created_at limit 1',
      [owner.tenantId],
    );
    if (!number) throw notFound('a business number (get one first)');
    const response = await fetch(`${config.TWILIO_API_URL}/sandbox/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: callerPhone ?? config.SANDBOX_CALLER_PHONE, to: number.e164, owner: 'no-answer' }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new HttpError(502, 'sandbox_unavailable', `the Twilio emulator answered ${response.status}`);
    const call = (await response.json()) as { callSid: string };
    ctx.status = 202;
    ctx.body = { callSid: call.callSid };
  });

  return router;
}
