// Twilio's webhooks (docs/decisions/0013-inbound-delivery.md): check the signature, parse, hand
// what happened to one application function (api/inbound/), which stores it with its dedupe key,
// and answer in milliseconds; the caller's conversation workflow is signalled after the answer. A
// signal that fails is not Twilio's problem: the inbound sweeper delivers what was stored.
import Router from '@koa/router';
import type { Context } from 'koa';
import { WEBHOOK_PREFIX } from '../../contracts/webhook-paths';
import type { ApiDeps } from '../deps';
import { inboundContexts } from '../inbound/context';
import { requireTwilioSignature } from './signature';
import { smsRoutes } from './sms';
import { statusRoutes } from './status';
import { voiceRoutes } from './voice';
import { countingStores, webhookOutcomes } from '../../observability/webhook-metrics';

export function twilioWebhookRoutes({ config, orm, temporal, log }: ApiDeps) {
  const router = new Router({ prefix: WEBHOOK_PREFIX });
  router.use(webhookOutcomes());
  router.use(requireTwilioSignature({ authToken: config.TWILIO_AUTH_TOKEN, publicUrl: config.PUBLIC_URL, log }));
  const contexts = inboundContexts({ orm, temporal, log });
  const inbound = (ctx: Context) => countingStores(ctx, contexts(ctx));
  voiceRoutes(router, { publicUrl: config.PUBLIC_URL, inbound });
  smsRoutes(router, { inbound });
  statusRoutes(router, { inbound });
  return router;
}
