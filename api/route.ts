// One definition per route, used twice: to serve it (validate params, query and body with its zod
// schemas, authenticate, build the tenant scope, call the handler) and to describe it in the
// OpenAPI document (api/openapi.ts). So the document cannot drift from what the api accepts.
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { z } from 'zod';
import type { Owner } from './auth';
import { HttpError, invalidRequest } from './errors';
import type { TenantScope } from './tenant-scope';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

interface HandlerInput<P, Q, B> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  ctx: Context;
}

interface RouteBase<P, Q, B> {
  method: Method;
  /** Koa path, e.g. /api/conversations/:id. */
  path: string;
  summary: string;
  description?: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Status of a success, 200 unless said. */
  status?: number;
  /** Schema of a success's JSON body; none for 202/204. */
  response?: Schema;
  /** A success that is not JSON (e.g. text/calendar). */
  contentType?: string;
  /** Error statuses this route answers besides the ones every route of its kind may (400, 401, 404, 413, 415). */
  errors?: number[];
}

export interface OwnerRoute<P, Q, B> extends RouteBase<P, Q, B> {
  auth: 'owner';
  handler: (input: HandlerInput<P, Q, B> & { owner: Owner; scope: TenantScope }) => unknown;
}

export interface PublicRoute<P, Q, B> extends RouteBase<P, Q, B> {
  auth: 'public';
  handler: (input: HandlerInput<P, Q, B>) => unknown;
}

export type RouteDefinition = (OwnerRoute<Schema, Schema, Schema> | PublicRoute<Schema, Schema, Schema>) & { tag: string };

export function ownerRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(spec: Omit<OwnerRoute<P, Q, B>, 'auth'>): Omit<RouteDefinition, 'tag'> {
  return { ...spec, auth: 'owner' } as unknown as Omit<RouteDefinition, 'tag'>;
}

export function publicRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(spec: Omit<PublicRoute<P, Q, B>, 'auth'>): Omit<RouteDefinition, 'tag'> {
  return { ...spec, auth: 'public' } as unknown as Omit<RouteDefinition, 'tag'>;
}

/** A resource's routes under one OpenAPI tag. */
export interface RouteGroup {
  tag: string;
  description: string;
  routes: Omit<RouteDefinition, 'tag'>[];
}

export interface MountOptions {
  requireOwner: (ctx: Context, next: Next) => Promise<void>;
  scopeFor: (owner: Owner) => TenantScope;
  /** Tests: check every success body against its documented schema (a mismatch is a 500). */
  checkResponses?: boolean;
}

function hasBody(ctx: Context): boolean {
  const length = Number(ctx.get('content-length') || 0);
  return length > 0 || Boolean(ctx.get('transfer-encoding'));
}

/** Where in `value` (a path) the first text holding a NUL character is: PostgreSQL cannot store one. */
function nulPath(value: unknown, path: (string | number)[] = []): (string | number)[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulPath(item, [...path, index]);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = key.includes('\u0000') ? [...path, key] : nulPath(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

function parse<S extends Schema | undefined>(schema: S, value: unknown, where: string): Out<S> {
  if (!schema) return undefined as Out<S>;
  // Refused before any schema: a NUL in a search or a name would reach PostgreSQL and fail there (a 500).
  const nul = nulPath(value);
  if (nul) {
    const field = nul.length ? `${where === 'body' ? '' : `${where}.`}${nul.join('.')}` : where;
    throw new HttpError(400, 'invalid_request', `${field}: text may not contain NUL characters`);
  }
  const result = schema.safeParse(value);
  if (!result.success) throw invalidRequest(result.error, where);
  return result.data as Out<S>;
}

/** The first value of each query parameter: `?limit=1&limit=2` reads as limit=1. */
function firstValues(query: Record<string, string | string[] | undefined>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) values[name] = first;
  }
  return values;
}

export function mountGroup(group: RouteGroup, options: MountOptions): Router {
  const router = new Router();
  for (const spec of group.routes) {
    const route = { ...spec, tag: group.tag } as RouteDefinition;
    const middleware = [
      async (ctx: Context, next: Next) => {
        // JSON only: a form post, text or anything else to the api is refused, not guessed at.
        if (hasBody(ctx) && !ctx.is('application/json')) {
          throw new HttpError(415, 'unsupported_media_type', 'send the request body as JSON (Content-Type: application/json)');
        }
        await next();
      },
      ...(route.auth === 'owner' ? [options.requireOwner] : []),
      async (ctx: Context) => {
        const params = parse(route.params, ctx.params, 'path');
        const query = parse(route.query, firstValues(ctx.query), 'query');
        const body = route.body ? parse(route.body, ctx.request.body ?? {}, 'body') : undefined;
        const input = { params, query, body, ctx };
        const result =
          route.auth === 'owner'
            ? await route.handler({ ...input, owner: ctx.state.owner as Owner, scope: options.scopeFor(ctx.state.owner as Owner) })
            : await route.handler(input);
        ctx.status = route.status ?? 200;
        if (result === undefined) return;
        if (options.checkResponses && route.response) {
          const checked = route.response.safeParse(result);
          if (!checked.success)
            throw new Error(`${route.method.toUpperCase()} ${route.path} answered outside its schema: ${z.prettifyError(checked.error)}`);
        }
        if (route.contentType) ctx.type = route.contentType;
        ctx.body = result;
      },
    ];
    router.register(route.path, [route.method], middleware, { name: `${route.method} ${route.path}` });
  }
  return router;
}
