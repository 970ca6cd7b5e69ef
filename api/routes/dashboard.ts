// What the dashboard reads. Every query is scoped to the signed-in owner's business.
import Router from '@koa/router';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { notFound, validate } from '../errors';
import { toConversationSummary, toMessageView, type ConversationRow, type MessageRow } from '../../db/views';
import type { Owner } from '../auth';
import { sql } from '../../db/sql';

const conversationParams = z.object({ id: z.uuid('must be a conversation id') });

export function dashboardRoutes({ orm, config }: ApiDeps) {
  const router = new Router({ prefix: '/api' });

  router.get('/me', async (ctx) => {
    const owner = ctx.state.owner as Owner;
    const [row] = await sql<{ email: string; tenant_id: string; name: string; phone: string | null }[]>(
      orm.em,
      `select u.email, t.id as tenant_id, t.name,
              (select e164 from phone_numbers p where p.tenant_id = t.id order by p.created_at limit 1) as phone
       from users u join tenants t on t.id = u.tenant_id where u.id = ? and t.id = ?`,
      [owner.userId, owner.tenantId],
    );
    if (!row) throw notFound('your account');
    ctx.body = {
      user: { email: row.email },
      business: { id: row.tenant_id, name: row.name, phoneNumber: row.phone },
      ...(config.NMC_MODE === 'sandbox' ? { sandbox: { callerPhone: config.SANDBOX_CALLER_PHONE } } : {}),
    };
  });

  router.get('/conversations', async (ctx) => {
    const owner = ctx.state.owner as Owner;
    const rows = await sql<ConversationRow[]>(
      orm.em,
      `select * from conversations where tenant_id = ? order by coalesce(last_message_at, created_at) desc limit 200`,
      [owner.tenantId],
    );
    ctx.body = { conversations: rows.map(toConversationSummary) };
  });

  router.get('/conversations/:id/messages', async (ctx) => {
    const owner = ctx.state.owner as Owner;
    const { id } = validate(conversationParams, ctx.params);
    const [conversation] = await sql(orm.em, 'select id from conversations where id = ? and tenant_id = ?', [id, owner.tenantId]);
    if (!conversation) throw notFound('that conversation');
    const rows = await sql<MessageRow[]>(
      orm.em,
      'select * from messages where conversation_id = ? and tenant_id = ? order by created_at, id limit 1000',
      [id, owner.tenantId],
    );
    ctx.body = { messages: rows.map(toMessageView) };
  });

  return router;
}
