// Signing in to the dashboard.
import Router from '@koa/router';
import { verify } from '@node-rs/argon2';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { HttpError, validate } from '../errors';
import { sql } from '../../db/sql';

const credentials = z.object({
  email: z
    .email()
    .max(254)
    .transform((email) => email.toLowerCase()),
  password: z.string().min(1).max(200),
});

export function authRoutes({ orm, tokens }: ApiDeps) {
  const router = new Router({ prefix: '/api/auth' });

  router.post('/login', async (ctx) => {
    const { email, password } = validate(credentials, ctx.request.body);
    const [user] = await sql<{ id: string; tenant_id: string; email: string; password_hash: string; business_name: string }[]>(
      orm.em,
      `select u.id, u.tenant_id, u.email, u.password_hash, t.name as business_name
         from users u join tenants t on t.id = u.tenant_id where u.email = ?`,
      [email],
    );
    // Same answer for an unknown email and a wrong password: no account discovery.
    if (!user || !(await verify(user.password_hash, password))) {
      throw new HttpError(401, 'invalid_credentials', 'that email and password do not match an account');
    }
    ctx.body = {
      token: tokens.issue({ userId: user.id, tenantId: user.tenant_id }),
      user: { email: user.email },
      business: { id: user.tenant_id, name: user.business_name },
    };
  });

  return router;
}
