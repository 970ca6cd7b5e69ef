// Configuration is read from the environment once, at start-up, and validated here: a missing
// or malformed variable stops the process with one line naming it. `.env.example` lists them all.
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const url = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, ''));
const flag = z
  .enum(['true', 'false', '1', '0'])
  .default('false')
  .transform((value) => value === 'true' || value === '1');

const temporal = {
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  /** Temporal Cloud API key; when set, TLS is used. */
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS: flag,
};

const database = {
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
};

const twilio = {
  /** sandbox: the local Twilio emulator stands in for Twilio; live: real Twilio. */
  NMC_MODE: z.enum(['sandbox', 'live']).default('sandbox'),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits'),
  TWILIO_AUTH_TOKEN: z.string().min(16),
  /** Base URL of the Twilio REST API; in sandbox mode, the local emulator. */
  TWILIO_API_URL: url.optional(),
  /** Public base URL of the api, as Twilio sees it: webhooks are signed against it. */
  PUBLIC_URL: url,
};

// The owner's calendars (issue #16). Sandbox mode needs none of these: the local emulators answer
// under TWILIO_API_URL and the key is derived from a local secret. Live mode: a provider is offered
// only when its client id and secret are set (README "Connecting owners' calendars").
const calendars = {
  /** 32-byte AES-256-GCM keys sealing refresh tokens, "id:base64[,id:base64...]"; the first seals, all open. */
  CALENDAR_TOKEN_KEYS: z.string().min(1).optional(),
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  /** Sandbox and tests only (refused in live mode): stands in for Google's OAuth and Calendar hosts. */
  GOOGLE_CALENDAR_URL: url.optional(),
  MICROSOFT_CLIENT_ID: z.string().min(1).optional(),
  MICROSOFT_CLIENT_SECRET: z.string().min(1).optional(),
  /** Directory (tenant) id of the app registration, or "common" for any work, school or personal account. */
  MICROSOFT_TENANT: z.string().min(1).default('common'),
  /** Sandbox and tests only (refused in live mode): stands in for Microsoft's identity and Graph hosts. */
  MICROSOFT_CALENDAR_URL: url.optional(),
};

/** Traces (observability/tracing.ts): off unless a collector is named. */
const traces = {
  /** OTLP/HTTP collector base URL (spans go to its /v1/traces), e.g. http://127.0.0.1:4318; unset: no traces. */
  OTEL_EXPORTER_OTLP_ENDPOINT: url.optional(),
};

const common = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

export const apiSchema = z.object({
  ...common,
  ...database,
  ...temporal,
  ...twilio,
  ...calendars,
  ...traces,
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: port.default(3000),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  /** How long a dashboard access token lasts (api/auth.ts); tests shorten it to see tokens expire. */
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(5).max(3600).default(900),
  /** Where the dashboard is served from, for CORS; the api itself serves the built dashboard. */
  WEB_ORIGIN: url.optional(),
  /**
   * Set true when the api runs behind a proxy or load balancer that appends the client's address
   * to X-Forwarded-For: the last entry is then the client (login throttling keys on it). Off by
   * default: trusted on a directly exposed api, the header would let a client claim any address.
   */
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
  /** Folder of the built dashboard to serve; unset: the api serves no dashboard. */
  WEB_BUILD_DIR: z.string().min(1).optional(),
  /** Sandbox only: the caller number the dashboard's phone simulator dials from. */
  SANDBOX_CALLER_PHONE: z.string().default('+15005550006'),
  // What one business may spend (api/business-limits.ts): numbers bought on the platform's Twilio
  // account, and the requests that cost Twilio money or emulator work.
  LIMIT_PHONE_NUMBERS: z.coerce.number().int().min(1).max(1_000).default(3),
  LIMIT_NUMBER_SEARCHES_PER_HOUR: z.coerce.number().int().min(1).default(30),
  LIMIT_NUMBER_PURCHASES_PER_HOUR: z.coerce.number().int().min(1).default(5),
  LIMIT_SANDBOX_CALLS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  LIMIT_SANDBOX_TEXTS_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  LIMIT_OWNER_TEXTS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
});

const assistant = {
  /** Key for the OpenAI-compatible endpoint. Unset in sandbox mode: the offline assistant answers. */
  OPENAI_API_KEY: z.string().min(1).optional(),
  /** Any OpenAI-compatible server (Azure, a local model...); unset: OpenAI itself, or the offline assistant in sandbox mode. */
  OPENAI_BASE_URL: url.optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  /** Per model call; a turn makes up to 3 calls before the safe fallback. */
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(120_000).default(20_000),
  /**
   * Google Maps Platform key (Geocoding API) that places the addresses callers give. Unset in
   * sandbox mode: the local emulator answers. Unset in live mode: addresses are kept as written
   * and the service area is not checked on the map (the worker says so at start).
   */
  GOOGLE_MAPS_API_KEY: z.string().min(1).optional(),
  /** Sandbox and tests only (refused in live mode): another origin for the Google Maps client. */
  GOOGLE_MAPS_API_URL: url.optional(),
};

export const workerSchema = z.object({
  ...common,
  ...database,
  ...temporal,
  ...twilio,
  ...assistant,
  ...calendars,
  ...traces,
  /**
   * The worker's GET /metrics (ours and the Temporal SDK's, observability/worker-metrics.ts). 0:
   * none. A port already taken is not fatal: that worker runs without one (and logs it).
   */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** Loopback by default: set 0.0.0.0 where Prometheus scrapes from another host (never a public interface). */
  WORKER_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * A workflow bundle built once (bundleWorkflowCode) for several workers of one stack, instead
   * of each worker bundling at start-up (tens of seconds of CPU on a small machine). Test stacks.
   */
  NMC_WORKFLOW_BUNDLE: z.string().min(1).optional(),
  /**
   * Conversations kept in the worker's memory between their events (Temporal's sticky cache). A
   * conversation not in it is rebuilt from its history when it next wakes (a few dozen events).
   * Bounds the worker's memory however many conversations are open (docs/decisions/0019).
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2).max(100_000).default(600),
});

export const sandboxSchema = z.object({
  ...common,
  SANDBOX_HOST: z.string().default('127.0.0.1'),
  SANDBOX_PORT: port.default(4010),
  TWILIO_ACCOUNT_SID: twilio.TWILIO_ACCOUNT_SID,
  TWILIO_AUTH_TOKEN: twilio.TWILIO_AUTH_TOKEN,
});

export type ApiConfig = z.infer<typeof apiSchema>;
export type WorkerConfig = z.infer<typeof workerSchema>;
export type SandboxConfig = z.infer<typeof sandboxSchema>;

export class ConfigError extends Error {}

/** Variables that point a provider's client at a stand-in: sandbox and tests only. */
const EMULATOR_URLS = ['TWILIO_API_URL', 'GOOGLE_MAPS_API_URL', 'GOOGLE_CALENDAR_URL', 'MICROSOFT_CALENDAR_URL'] as const;

/** Parses `env` with `schema`; throws a ConfigError whose message is one line naming the variable. */
export function parseConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) {
    const config = result.data as z.infer<S> & { NMC_MODE?: string; TWILIO_API_URL?: string };
    if (config.NMC_MODE === 'sandbox' && 'TWILIO_API_URL' in schema.shape && !config.TWILIO_API_URL) {
      throw new ConfigError(
        'configuration error: TWILIO_API_URL is required in sandbox mode (the local Twilio emulator, e.g. http://127.0.0.1:4010)',
      );
    }
    // Live mode talks to Twilio and Google themselves: an emulator URL left in its environment
    // would send the Twilio credentials and every text (or callers' addresses) somewhere else.
    if (config.NMC_MODE === 'live') {
      for (const name of EMULATOR_URLS) {
        if ((result.data as Record<string, unknown>)[name] !== undefined) {
          throw new ConfigError(
            `configuration error: ${name} must not be set in live mode (it points the client away from the real provider)`,
          );
        }
      }
    }
    const assistant = result.data as { OPENAI_API_KEY?: string; OPENAI_BASE_URL?: string };
    if (config.NMC_MODE === 'live' && 'OPENAI_MODEL' in schema.shape && !assistant.OPENAI_API_KEY && !assistant.OPENAI_BASE_URL) {
      throw new ConfigError(
        'configuration error: OPENAI_API_KEY is required in live mode (or OPENAI_BASE_URL for a local OpenAI-compatible server)',
      );
    }
    return config;
  }
  const issue = result.error.issues[0]!;
  const name = issue.path.join('.');
  const missing = env[name] === undefined || env[name] === '';
  throw new ConfigError(`configuration error: ${name} ${missing ? 'is required' : `is invalid: ${issue.message}`} (see .env.example)`);
}

/** For process entry points: parse, or print the one line and exit. */
export function loadConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  try {
    return parseConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/** The variables a process cannot start without (no default, not optional), for checking deployments. */
export function requiredVariables(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
    .map(([name]) => name);
}
