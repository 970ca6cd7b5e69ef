// Configuration is validated once at start-up: a missing or malformed variable stops the process
// with one line naming it, instead of a stack trace (or worse, a half-working process) later.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { apiSchema, ConfigError, parseConfig, requiredVariables, workerSchema } from '.';

const valid = {
  DATABASE_URL: 'postgres://nmc:secret@127.0.0.1:5432/nevermisscall',
  TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'a'.repeat(32),
  TWILIO_API_URL: 'http://127.0.0.1:4010',
  PUBLIC_URL: 'https://nmc.example.com/',
  JWT_SECRET: 'j'.repeat(32),
};

test('a complete environment parses, with defaults filled in and trailing slashes dropped', () => {
  const config = parseConfig(apiSchema, valid);
  expect(config).toMatchObject({
    NMC_MODE: 'sandbox',
    TEMPORAL_ADDRESS: '127.0.0.1:7233',
    API_PORT: 3000,
    PUBLIC_URL: 'https://nmc.example.com',
  });
});

test.each([
  [{ DATABASE_URL: undefined }, 'configuration error: DATABASE_URL is required (see .env.example)'],
  [{ DATABASE_URL: 'mysql://x@y/z' }, /^configuration error: DATABASE_URL is invalid: /],
  [{ JWT_SECRET: 'short' }, 'configuration error: JWT_SECRET is invalid: must be at least 32 characters (see .env.example)'],
  [{ TWILIO_ACCOUNT_SID: 'AC123' }, /^configuration error: TWILIO_ACCOUNT_SID is invalid: must look like AC/],
  [{ API_PORT: '70000' }, /^configuration error: API_PORT is invalid/],
  [{ PUBLIC_URL: 'not a url' }, /^configuration error: PUBLIC_URL is invalid/],
  [{ TWILIO_API_URL: undefined }, /^configuration error: TWILIO_API_URL is required in sandbox mode/],
])('%o is refused with one line naming the variable', (change, message) => {
  const attempt = () => parseConfig(apiSchema, { ...valid, ...change });
  expect(attempt).toThrow(ConfigError);
  expect(attempt).toThrow(message);
  try {
    attempt();
  } catch (error) {
    expect((error as Error).message).not.toContain('\n');
  }
});

test('live mode needs no emulator URL', () => {
  expect(parseConfig(apiSchema, { ...valid, NMC_MODE: 'live', TWILIO_API_URL: undefined }).NMC_MODE).toBe('live');
});

test('live mode refuses an emulator URL, naming it: Twilio credentials and texts (or addresses) must not go elsewhere', () => {
  const live = { ...valid, NMC_MODE: 'live', OPENAI_API_KEY: 'sk-test' };
  expect(() => parseConfig(apiSchema, live)).toThrow('configuration error: TWILIO_API_URL must not be set in live mode');
  expect(() => parseConfig(workerSchema, live)).toThrow('configuration error: TWILIO_API_URL must not be set in live mode');
  expect(() =>
    parseConfig(workerSchema, { ...live, TWILIO_API_URL: undefined, GOOGLE_MAPS_API_URL: 'http://127.0.0.1:4010/google-maps' }),
  ).toThrow('configuration error: GOOGLE_MAPS_API_URL must not be set in live mode');
  expect(parseConfig(workerSchema, { ...live, TWILIO_API_URL: undefined }).NMC_MODE).toBe('live');
});

test('the variables a process cannot start without are exactly those without a default', () => {
  expect(requiredVariables(apiSchema).sort()).toEqual([
    'DATABASE_URL',
    'JWT_SECRET',
    'PUBLIC_URL',
    'TWILIO_ACCOUNT_SID',
    'TWILIO_AUTH_TOKEN',
  ]);
  expect(requiredVariables(workerSchema).sort()).toEqual(['DATABASE_URL', 'PUBLIC_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN']);
});

test('the api process itself stops at once with that one line and exit code 78', () => {
  const root = path.resolve(__dirname, '..');
  const env = { PATH: process.env.PATH, ...valid, DATABASE_URL: '' };
  let failure: { status: number; stderr: Buffer } | undefined;
  try {
    execFileSync(process.execPath, ['--import', 'tsx', 'api/main.ts'], { cwd: root, env, stdio: 'pipe', timeout: 30_000 });
  } catch (error) {
    failure = error as { status: number; stderr: Buffer };
  }
  expect(failure?.status).toBe(78);
  expect(failure?.stderr.toString()).toBe('configuration error: DATABASE_URL is required (see .env.example)\n');
});
