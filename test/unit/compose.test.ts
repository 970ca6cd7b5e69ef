// There is no Docker engine in CI or here, so docker-compose.yml is checked the way compose reads it:
// YAML with merge keys, then ${...} interpolation, then our own config schemas on each service's environment.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { apiSchema, parseConfig, requiredVariables, workerSchema } from '../../config';
import { SEARCH_ATTRIBUTES } from '../../contracts/search-attributes';

const root = path.resolve(__dirname, '../..');

type EnvironmentValue = string | number | boolean | null;

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, EnvironmentValue> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
  volumes?: (string | { source?: string; target?: string })[];
  ports?: string[];
  configs?: { source: string; target: string }[];
}

interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  configs?: Record<string, { content?: string; file?: string }>;
}

let loaded: ComposeFile | undefined;

/** The file as compose sees it before interpolation; throws on any YAML error or warning. */
function compose(): ComposeFile {
  if (loaded) return loaded;
  const document = parseDocument(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
  const problems = [...document.errors, ...document.warnings].map((problem) => problem.message);
  if (problems.length > 0) throw new Error(`docker-compose.yml is not well-formed YAML:\n${problems.join('\n')}`);
  loaded = document.toJS() as ComposeFile;
  return loaded;
}

function service(name: string): Service {
  const found = compose().services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

/** The service's environment as written (uninterpolated); `KEY:` with no value is left out, as the file sets nothing. */
function environmentOf(name: string): Record<string, string> {
  const environment = service(name).environment ?? {};
  const entries: [string, EnvironmentValue][] = Array.isArray(environment)
    ? environment.map((entry): [string, EnvironmentValue] => {
        const equals = entry.indexOf('=');
        return equals < 0 ? [entry, null] : [entry.slice(0, equals), entry.slice(equals + 1)];
      })
    : Object.entries(environment);
  return Object.fromEntries(entries.filter(([, value]) => value !== null).map(([key, value]) => [key, String(value)]));
}

// What an operator supplies for each `${VAR:?...}`; each is valid for its schema, so only the file can fail.
const EXAMPLE_VALUES: Record<string, string> = {
  TWILIO_ACCOUNT_SID: `AC${'0123456789abcdef'.repeat(2)}`,
  TWILIO_AUTH_TOKEN: 'example-twilio-auth-token',
  JWT_SECRET: 'example-jwt-secret-that-is-longer-than-32-characters',
  PUBLIC_URL: 'https://nmc.example.com',
  POSTGRES_PASSWORD: 'example-postgres-password',
  OPENAI_API_KEY: 'example-openai-api-key',
};

const INTERPOLATION = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Compose's interpolation with every variable unset: defaults apply, required ones get EXAMPLE_VALUES. */
function interpolate(value: string): string {
  const result = value.replace(INTERPOLATION, (match: string, braced?: string, operator?: string, argument?: string, bare?: string) => {
    if (match === '$$') return '$';
    const name = (braced ?? bare)!;
    if (operator === ':-' || operator === '-') return argument ?? '';
    const example = EXAMPLE_VALUES[name];
    if (example === undefined) throw new Error(`${match}: give ${name} a default (\${${name}:-value}) or an example value in this test`);
    return example;
  });
  if (result.includes('${')) throw new Error(`malformed interpolation in ${JSON.stringify(value)}`);
  return result;
}

/** Variables interpolated with neither a default nor `:?`: compose starts with them empty, only warning. */
function unguardedVariables(value: string): string[] {
  return [...value.matchAll(INTERPOLATION)]
    .filter(([match, , operator]) => match !== '$$' && operator === undefined)
    .map(([, braced, , , bare]) => (braced ?? bare)!);
}

function interpolatedEnvironment(name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(environmentOf(name)).map(([key, value]) => [key, interpolate(value)]));
}

/** depends_on in either compose form, as service name → condition. */
function dependsOn(name: string): Record<string, string> {
  const dependencies = service(name).depends_on ?? {};
  if (Array.isArray(dependencies)) return Object.fromEntries(dependencies.map((dependency) => [dependency, 'service_started']));
  return Object.fromEntries(
    Object.entries(dependencies).map(([dependency, { condition }]) => [dependency, condition ?? 'service_started']),
  );
}

const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const APIS = ['api', 'api-2'];
const WORKERS = ['worker', 'worker-2'];
const APP_SERVICES = [...APIS, ...WORKERS, 'migrate'];
const SECRETS = ['TWILIO_AUTH_TOKEN', 'JWT_SECRET', 'POSTGRES_PASSWORD', 'POSTGRES_PWD', 'TEMPORAL_API_KEY', 'OPENAI_API_KEY'];
// One variable and nothing else: no default, since a default would be a secret written in the file.
const BARE_INTERPOLATION = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::?\?[^}]*)?\}$/;

/** The password part of a postgres:// URL as written, with interpolations (which may contain ':') kept whole. */
function databasePassword(url: string): string | undefined {
  const interpolations: string[] = [];
  const masked = url.replace(/\$\{[^}]*\}/g, (match) => `\uE000${interpolations.push(match) - 1}\uE000`);
  const password = /^postgres(?:ql)?:\/\/[^:@/]*:([^@/]*)@/.exec(masked)?.[1];
  return password?.replace(/\uE000(\d+)\uE000/g, (_, index: string) => interpolations[Number(index)]!);
}

describe('docker-compose.yml', () => {
  // Catches: a YAML slip (bad indentation, duplicate key, unknown anchor) or a renamed/dropped service.
  test('is well-formed YAML with the whole production topology', () => {
    expect(Object.keys(compose().services)).toEqual(
      expect.arrayContaining([
        'postgres',
        'temporal-schema',
        'temporal',
        'temporal-ui',
        'temporal-search-attributes',
        'migrate',
        ...APIS,
        'proxy',
        ...WORKERS,
      ]),
    );
  });

  // Catches: Temporal falling back to another store, or pointing at a database host that is not our postgres.
  test('temporal persists to the postgres service, with its credentials, once its schemas are set up', () => {
    const temporal = interpolatedEnvironment('temporal');
    const schema = interpolatedEnvironment('temporal-schema');
    const postgres = interpolatedEnvironment('postgres');
    expect(temporal.DB).toBe('postgres12');
    expect(temporal.POSTGRES_SEEDS).toBe('postgres');
    expect(temporal.DB_PORT).toBe('5432');
    expect(temporal.POSTGRES_USER).toBe(postgres.POSTGRES_USER);
    expect(temporal.POSTGRES_PWD).toBe(postgres.POSTGRES_PASSWORD);
    expect(schema).toMatchObject({
      SQL_PLUGIN: 'postgres12',
      SQL_HOST: 'postgres',
      SQL_PORT: '5432',
      SQL_USER: postgres.POSTGRES_USER,
      SQL_PASSWORD: postgres.POSTGRES_PASSWORD,
    });
    expect(dependsOn('temporal')).toMatchObject({ 'temporal-schema': 'service_completed_successfully' });
    expect(dependsOn('temporal-schema')).toMatchObject({ postgres: 'service_healthy' });
    expect(service('temporal-schema').restart).toBe('no');
    expect(asList(service('postgres').healthcheck?.test).join(' ')).toContain('pg_isready');
  });

  // Catches: compose running another Temporal version than the one the cluster tier proves (temporal/obtain-cluster.mjs),
  // the schema tool of another version, or a schema step dropped (the server then refuses to start).
  test('runs the same Temporal server version as the cluster tier, its schemas set up by the same SQL tool steps', () => {
    const pinned = /version: 'v(\d+\.\d+\.\d+)'/.exec(readFileSync(path.join(root, 'temporal', 'obtain-cluster.mjs'), 'utf8'))?.[1];
    expect(pinned).toBeDefined();
    expect(interpolate(service('temporal').image!)).toBe(`temporalio/server:${pinned}`);
    expect(interpolate(service('temporal-schema').image!)).toBe(`temporalio/admin-tools:${pinned}`);
    expect(interpolate(service('temporal-search-attributes').image!)).toBe(`temporalio/admin-tools:${pinned}`);
    const script = asList(service('temporal-schema').command).join('\n');
    for (const step of ['create-database', 'setup-schema -v 0.0', 'update-schema --schema-name "postgresql/v12/$$schema"']) {
      expect(script).toContain(step);
    }
    expect(script).toMatch(/for db in temporal temporal_visibility/);
  });

  // Catches: the dynamic config the cluster tier runs with (eager activities) missing from compose's server.
  test("temporal reads the cluster tier's dynamic config file", () => {
    const environment = interpolatedEnvironment('temporal');
    const mount = (service('temporal').volumes ?? [])
      .map((volume) => (typeof volume === 'string' ? volume.split(':') : [volume.source, volume.target]))
      .find(([, target]) => target === `/etc/temporal/${environment.DYNAMIC_CONFIG_FILE_PATH}`);
    expect(mount?.[0]).toBe('./temporal/cluster-dynamic-config.yaml');
    expect(existsSync(path.join(root, mount![0]!))).toBe(true);
    expect(readFileSync(path.join(root, mount![0]!), 'utf8')).toMatch(/^system\.enableActivityEagerExecution:\n\s+- value: true$/m);
  });

  // Catches: a second api publishing the same host port (compose refuses), an api unreachable from outside, the proxy
  // sending a browser's long-polling requests to an api that does not hold its Socket.IO session, or a dead api kept in.
  test('two apis run behind one sticky proxy that publishes the api port and checks their health', () => {
    for (const name of APIS) {
      expect(service(name).ports ?? []).toEqual([]);
      expect(interpolatedEnvironment(name).TRUST_PROXY).toBe('true');
    }
    expect((service('proxy').ports ?? []).map(interpolate)).toEqual(['3000:3000']);
    expect(dependsOn('proxy')).toEqual({ api: 'service_healthy', 'api-2': 'service_healthy' });
    const mounted = service('proxy').configs?.[0];
    expect(asList(service('proxy').command)).toContain(mounted?.target);
    const caddyfile = compose().configs?.[mounted!.source]?.content ?? '';
    expect(caddyfile).toMatch(/^:3000 \{$/m);
    expect(caddyfile).toMatch(/reverse_proxy api:3000 api-2:3000 \{/);
    expect(caddyfile).toMatch(/lb_policy cookie \w+/);
    expect(caddyfile).toMatch(/health_uri \/healthz/);
    // The apis' /metrics are for the operators' Prometheus, never served to the internet; the
    // rule comes before the proxying so Caddy answers it first.
    expect(caddyfile).toMatch(/^\s*respond \/metrics 404$/m);
    expect(caddyfile.indexOf('respond /metrics')).toBeLessThan(caddyfile.indexOf('reverse_proxy'));
  });

  // Catches: the second api or worker drifting from the first (another entry point, environment or image).
  test.each([
    ['api-2', 'api'],
    ['worker-2', 'worker'],
  ])('%s is the same service as %s', (second, first) => {
    expect(service(second)).toEqual(service(first));
  });

  // Catches: PostgreSQL data in the container's writable layer, lost when the container is recreated.
  test('postgres keeps its data on a named volume', () => {
    const volumes = (service('postgres').volumes ?? []).map((volume) =>
      typeof volume === 'string' ? volume.split(':') : [volume.source, volume.target],
    );
    const data = volumes.find(([, target]) => target === '/var/lib/postgresql/data');
    expect(data?.[0]).toBeDefined();
    expect(Object.keys(compose().volumes ?? {})).toContain(data?.[0]);
  });

  // Catches: an app service pulling a stale or foreign image, a missing Dockerfile, or a service running another's entry point.
  test.each([
    ['api', 'api/main.ts'],
    ['worker', 'workers/main.ts'],
    ['migrate', 'db/migrate.ts'],
  ])('%s is built from the repository Dockerfile and runs %s', (name, entryPoint) => {
    const { build, command } = service(name);
    const { context = '.', dockerfile = 'Dockerfile' } = typeof build === 'string' ? { context: build } : (build ?? {});
    expect(build).toBeDefined();
    expect(path.resolve(root, context)).toBe(root);
    expect(existsSync(path.join(root, context, dockerfile))).toBe(true);
    expect(asList(command)).toEqual(['node', '--import', 'tsx', entryPoint]);
    expect(existsSync(path.join(root, entryPoint))).toBe(true);
  });

  // Catches: the api or worker starting before the schema exists, before Temporal answers, or before our
  // search attributes are registered (Temporal rejects workflows that set unregistered ones).
  test.each([...APIS, ...WORKERS])('%s starts after migrations succeeded, Temporal is healthy and search attributes exist', (name) => {
    expect(dependsOn(name)).toMatchObject({
      migrate: 'service_completed_successfully',
      temporal: 'service_healthy',
      'temporal-search-attributes': 'service_completed_successfully',
    });
    expect(service('migrate').restart).toBe('no');
    expect(service('temporal-search-attributes').restart).toBe('no');
  });

  // Catches: the worker (or the one-shot migrate) inheriting the image's HTTP healthcheck and staying unhealthy forever.
  test('only the api keeps the image healthcheck on /healthz', () => {
    expect(readFileSync(path.join(root, 'Dockerfile'), 'utf8')).toMatch(/^HEALTHCHECK .*\/healthz/ms);
    for (const name of APIS) expect(service(name).healthcheck?.disable).not.toBe(true);
    for (const name of WORKERS) expect(service(name).healthcheck?.disable).toBe(true);
    expect(service('migrate').healthcheck?.disable).toBe(true);
  });

  // Catches: a variable the process cannot start without being forgotten in one service, or written as a bare
  // `${JWT_SECRET}` that compose accepts unset; either way the process exits 78 after `up` instead of compose refusing.
  test.each([
    ...APIS.map((name) => [name, requiredVariables(apiSchema)] as const),
    ...WORKERS.map((name) => [name, requiredVariables(workerSchema)] as const),
    ['migrate', ['DATABASE_URL']] as const,
  ])('%s sets every variable its process requires, and compose refuses to start without them', (name, required) => {
    const environment = environmentOf(name);
    expect(required.filter((variable) => !(variable in environment))).toEqual([]);
    expect(required.flatMap((variable) => unguardedVariables(environment[variable] ?? ''))).toEqual([]);
  });

  // Catches: a secret committed as a literal, or given a default, which is the same thing.
  test('every secret is a bare ${VAR} interpolation, never a value written in the file', () => {
    const written: string[] = [];
    for (const name of Object.keys(compose().services)) {
      const environment = environmentOf(name);
      for (const secret of SECRETS) {
        if (secret in environment && !BARE_INTERPOLATION.test(environment[secret]!)) written.push(`${name}.${secret}`);
      }
      if ('DATABASE_URL' in environment && !BARE_INTERPOLATION.test(databasePassword(environment.DATABASE_URL!) ?? '')) {
        written.push(`${name}.DATABASE_URL (password)`);
      }
    }
    expect(written).toEqual([]);
  });

  // Catches: a misspelt variable (TEMPORAL_ADRESS silently falls back to 127.0.0.1), a malformed default,
  // an empty `${X:-}` for an optional variable, or sandbox settings leaking into the live topology.
  test.each([...APIS.map((name) => [name, apiSchema] as const), ...WORKERS.map((name) => [name, workerSchema] as const)])(
    '%s environment passes its config schema and names only variables the schema knows',
    (name, schema) => {
      const environment = interpolatedEnvironment(name);
      expect(Object.keys(environment).filter((variable) => !(variable in schema.shape))).toEqual([]);
      const config = parseConfig(schema, environment);
      expect(config).toMatchObject({ NODE_ENV: 'production', NMC_MODE: 'live', TEMPORAL_ADDRESS: 'temporal:7233' });
      expect(config.TWILIO_API_URL).toBeUndefined();
    },
  );

  // Catches: the api listening on the container's loopback (unreachable through the published port) or
  // pointing WEB_BUILD_DIR where the image has no dashboard.
  test('the api listens on all interfaces and serves the dashboard the image ships', () => {
    const config = parseConfig(apiSchema, interpolatedEnvironment('api'));
    expect(config.API_HOST).toBe('0.0.0.0');
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    const workdir = /^WORKDIR\s+(\S+)/m.exec(runtimeStage)?.[1] ?? '/';
    const dashboardCopy = /^COPY\s+--from=\S+\s+\S*web\/build\/?\s+(\S+)/m.exec(runtimeStage)?.[1];
    expect(dashboardCopy).toBeDefined();
    expect(path.posix.resolve(workdir, dashboardCopy!)).toBe(config.WEB_BUILD_DIR);
    // Catches: the runtime stage running as root.
    expect(runtimeStage).toMatch(/^USER\s+(?!root\b|0\b)\S+/m);
  });

  // Catches: migrations applied to one database while the api and worker read another, or a wrong password.
  test('api, worker and migrate use the database the postgres service creates', () => {
    const postgres = interpolatedEnvironment('postgres');
    const urls = APP_SERVICES.map((name) => interpolatedEnvironment(name).DATABASE_URL);
    expect(new Set(urls).size).toBe(1);
    const url = new URL(urls[0]!);
    expect(url.hostname).toBe('postgres');
    expect(decodeURIComponent(url.username)).toBe(postgres.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(postgres.POSTGRES_PASSWORD);
    expect(url.pathname).toBe(`/${postgres.POSTGRES_DB}`);
  });
});

describe('temporal-search-attributes', () => {
  type Scenario = 'starting' | 'down' | 'conflict';
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nmc-compose-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * Runs the service's shell script against a fake `temporal` CLI (and an instant `sleep`); returns the exit
   * code and each CLI call's arguments. Scenarios: starting (first call fails, NmcLeadStatus already exists),
   * down (Temporal never answers), conflict (NmcMode exists with another type, the real CLI's message).
   */
  function register(scenario: Scenario): { status: number; calls: string[][] } {
    const { entrypoint, command } = service('temporal-search-attributes');
    // Compose turns $$ into $ before the shell sees it.
    const [shell, ...args] = [...asList(entrypoint), ...asList(command)].map((part) => part.replaceAll('$$', '$'));
    const log = path.join(dir, 'calls.log');
    writeFileSync(
      path.join(dir, 'temporal'),
      [
        '#!/bin/sh',
        'printf "%s\\n" "$*" >> "$FAKE_LOG"',
        'case "$FAKE_SCENARIO:$*" in',
        '  down:*) echo "Error: unable to get existing search attributes: connection refused" >&2; exit 1 ;;',
        '  conflict:*NmcMode*) echo "Error: search attribute NmcMode already exists and has different type Text" >&2; exit 1 ;;',
        'esac',
        'if [ "$(wc -l < "$FAKE_LOG")" -eq 1 ]; then echo "Error: Namespace default is not found." >&2; exit 1; fi',
        'case "$*" in *NmcLeadStatus*) echo "Error: unable to add search attributes: search attribute NmcLeadStatus already exists" >&2; exit 1 ;; esac',
        'echo "Search attributes have been added"',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    writeFileSync(path.join(dir, 'sleep'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    let status = 0;
    try {
      execFileSync(shell!, args, {
        env: { PATH: `${dir}:${process.env.PATH}`, FAKE_LOG: log, FAKE_SCENARIO: scenario },
        stdio: 'pipe',
        // Jest cannot interrupt a synchronous child, so a runaway retry loop is cut off here.
        timeout: 15_000,
      });
    } catch (error) {
      const { status: code, signal } = error as { status: number | null; signal: string | null };
      if (code === null) throw new Error(`the registration script did not finish (${signal}): are its retries bounded?`);
      status = code;
    }
    const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
    return { status, calls: calls.map((line) => line.split(' ')) };
  }

  const option = (call: string[], name: string) => call[call.indexOf(name) + 1];

  const isNamespaceCreate = (call: string[]) => call.slice(0, 3).join(' ') === 'operator namespace create';

  // Catches: the server image's missing default namespace never being created (every workflow start fails), or
  // attributes added before it exists.
  test('creates the app namespace first, retrying while Temporal starts', () => {
    const { status, calls } = register('starting');
    expect(status).toBe(0);
    const firstAttribute = calls.findIndex((call) => !isNamespaceCreate(call));
    expect(firstAttribute).toBeGreaterThan(1); // the first create failed ("not found" while starting) and was retried
    for (const call of calls.slice(0, firstAttribute)) {
      expect(isNamespaceCreate(call)).toBe(true);
      expect(option(call, '--namespace')).toBe(environmentOf('api').TEMPORAL_NAMESPACE);
    }
  });

  // Catches: a missing, misspelt or extra attribute, a non-Keyword type, a different namespace than the app's,
  // giving up while Temporal creates the namespace, or failing a re-run because the attributes already exist.
  test('registers exactly our Keyword attributes in the app namespace, retrying and accepting "already exists"', () => {
    const { status, calls: all } = register('starting');
    expect(status).toBe(0);
    const calls = all.filter((call) => !isNamespaceCreate(call));
    const names = [...new Set(calls.map((call) => option(call, '--name')))];
    expect(names).toEqual(['NmcTenantId', 'NmcCallerPhone', 'NmcLeadStatus', 'NmcMode']);
    expect(names).toEqual(SEARCH_ATTRIBUTES.map((key) => key.name));
    expect(SEARCH_ATTRIBUTES.every((key) => key.type === 'KEYWORD')).toBe(true);
    for (const call of calls) {
      expect(call.slice(0, 3)).toEqual(['operator', 'search-attribute', 'create']);
      expect(option(call, '--type')).toBe('Keyword');
      expect(option(call, '--namespace')).toBe(environmentOf('api').TEMPORAL_NAMESPACE);
    }
  });

  // Catches: a loop that never gives up (`up` hangs) or one that swallows errors (the api starts without attributes).
  test('fails, after bounded retries, when Temporal never answers', () => {
    const { status, calls } = register('down');
    expect(status).not.toBe(0);
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.length).toBeLessThanOrEqual(120);
  });

  // Catches: treating "already exists and has different type" as success, which breaks every workflow that sets it.
  test('fails at once when an attribute exists with another type', () => {
    const { status, calls } = register('conflict');
    expect(status).not.toBe(0);
    expect(calls.filter((call) => option(call, '--name') === 'NmcMode')).toHaveLength(1);
  });
});
