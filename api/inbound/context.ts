// What the application functions behind Twilio's webhooks work with: the database, Temporal, and
// the inbound store of the request being answered (docs/decisions/0013-inbound-delivery.md).
import type { Client } from '@temporalio/client';
import type { Context } from 'koa';
import type { Logger } from 'pino';
import type { Orm } from '../../db/orm';
import {
  deliverInbound,
  inOrderPerConversation,
  showUndeliveredText,
  storeInbound,
  type InboundEvent,
} from '../../temporal/inbound-delivery';

export interface InboundContext {
  orm: Orm;
  temporal: Client;
  /**
   * Stores what the caller did with its dedupe key (one statement or transaction); false when it
   * was stored before (Twilio retried). Its delivery to the workflow starts once Twilio has its answer.
   */
  store(event: InboundEvent): Promise<boolean>;
}

/** One per api process: builds each request's InboundContext. */
export function inboundContexts({ orm, temporal, log }: { orm: Orm; temporal: Client; log: Logger }) {
  const inOrder = inOrderPerConversation();

  /** A failure (Temporal unreachable) is kept on the stored event for the sweeper; a caller's text is shown meanwhile. */
  async function deliver(event: InboundEvent) {
    const em = orm.em.fork();
    if (await inOrder(event.workflowId, () => deliverInbound(em, temporal, event.dedupeKey))) return;
    log.warn({ dedupeKey: event.dedupeKey }, 'inbound event stored, signal failed: the inbound sweeper delivers it');
    await showUndeliveredText(em, event.dedupeKey);
  }

  return (ctx: Context): InboundContext => ({
    orm,
    temporal,
    async store(event) {
      if (!(await storeInbound(orm.em, event))) return false;
      ctx.res.once('finish', () => {
        deliver(event).catch((error: unknown) =>
          log.error(
            { dedupeKey: event.dedupeKey, error: error instanceof Error ? error.message : String(error) },
            'inbound delivery failed',
          ),
        );
      });
      return true;
    },
  });
}
