// Twilio's status callback: how a text we sent is doing, and (the number's own StatusCallback) a
// call that ended — a caller who hung up without a voicemail must not wait for their text-back.
// It verifies, parses, calls one application function and answers 204.
import type Router from '@koa/router';
import type { Context } from 'koa';
import { TWILIO_MESSAGE_STATUSES } from '../../domain/message-status';
import { WEBHOOK_PATHS } from '../../contracts/webhook-paths';
import { HttpError, validate } from '../errors';
import { callStatusReported } from '../inbound/calls';
import type { InboundContext } from '../inbound/context';
import { messageStatusReported } from '../inbound/message-status';
import { path } from './answer';
import { callStatusParams, statusParams } from './params';
import { countDeliveryReport } from '../../observability/metrics';

export function statusRoutes(router: Router, { inbound }: { inbound: (ctx: Context) => InboundContext }) {
  router.post(path(WEBHOOK_PATHS.status), async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, string>;
    if (body.CallSid && !body.MessageSid) {
      const params = validate(callStatusParams, body);
      await callStatusReported(inbound(ctx), { callSid: params.CallSid, callStatus: params.CallStatus });
      return void (ctx.status = 204);
    }
    const params = validate(statusParams, body);
    const status = TWILIO_MESSAGE_STATUSES[params.MessageStatus];
    if (!status) throw new HttpError(400, 'invalid_request', `MessageStatus: unknown status "${params.MessageStatus}"`);
    await messageStatusReported(inbound(ctx), { messageSid: params.MessageSid, status, errorCode: params.ErrorCode });
    countDeliveryReport(status, params.ErrorCode);
    ctx.status = 204;
  });
}
