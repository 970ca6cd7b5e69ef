// Twilio's messaging webhooks: a caller's text, and the status callback (delivery of our texts,
// and the number's call status: a caller who hung up). Each verifies, parses, calls one
// application function and answers.
import type Router from '@koa/router';
import type { Context } from 'koa';
import twilio from 'twilio';
import { TWILIO_MESSAGE_STATUSES } from '../../domain/message-status';
import { WEBHOOK_PATHS } from '../../contracts/webhook-paths';
import { HttpError, validate } from '../errors';
import { callStatusReported } from '../inbound/calls';
import type { InboundContext } from '../inbound/context';
import { messageStatusReported } from '../inbound/message-status';
import { textArrived } from '../inbound/texts';
import { callStatusParams, smsParams, statusParams } from './params';
import { path, twiml } from './answer';

export function messagingRoutes(router: Router, { inbound }: { inbound: (ctx: Context) => InboundContext }) {
  // A text from a caller: it joins their open conversation, or opens a new one linked to the last.
  router.post(path(WEBHOOK_PATHS.sms), async (ctx) => {
    const params = validate(smsParams, ctx.request.body);
    await textArrived(inbound(ctx), {
      messageSid: params.MessageSid,
      from: params.From,
      to: params.To,
      body: params.Body,
      numSegments: params.NumSegments,
    });
    twiml(ctx, new twilio.twiml.MessagingResponse());
  });

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
    ctx.status = 204;
  });
}
