// Every webhook from Twilio is signature-checked against PUBLIC_URL + path (so it works behind a
// proxy); a forged or unsigned one is rejected with 403 and logged, before anything is read or stored.
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import twilio from 'twilio';

export function requireTwilioSignature({ authToken, publicUrl, log }: { authToken: string; publicUrl: string; log: Logger }) {
  return async (ctx: Context, next: Next) => {
    const signature = ctx.get('x-twilio-signature');
    const url = `${publicUrl}${ctx.originalUrl}`;
    const params = (ctx.request.body ?? {}) as Record<string, string>;
    if (!signature || !twilio.validateRequest(authToken, signature, url, params)) {
      log.warn(
        { requestId: ctx.state.requestId, path: ctx.path, ip: ctx.ip, signed: Boolean(signature) },
        'rejected Twilio webhook: bad signature',
      );
      ctx.status = 403;
      ctx.body = { error: { code: 'invalid_signature', message: 'X-Twilio-Signature does not match this request', details: null } };
      return;
    }
    await next();
  };
}
