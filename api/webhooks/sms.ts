// Twilio's SMS webhook: a caller's text. It verifies (the router checked the signature), parses,
// calls one application function and answers with empty TwiML (the reply comes from the workflow).
import type Router from '@koa/router';
import type { Context } from 'koa';
import twilio from 'twilio';
import { WEBHOOK_PATHS } from '../../contracts/webhook-paths';
import { validate } from '../errors';
import type { InboundContext } from '../inbound/context';
import { textArrived } from '../inbound/texts';
import { path, twiml } from './answer';
import { smsParams } from './params';

export function smsRoutes(router: Router, { inbound }: { inbound: (ctx: Context) => InboundContext }) {
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
}
