// The bare, non-durable baseline the benchmark compares us with: a plain webhook that, on a missed
// call, sends one text through the official `twilio` SDK and stores one row, then answers TwiML. No
// Temporal, no outbox, no retries: what "just send it from the webhook" costs on this machine. The
// benchmark spawns it (bench/bare-baseline.ts) against the same Twilio emulator and PostgreSQL.
//
// Env: DATABASE_URL, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_API_URL, BUSINESS_NAME. It
// listens on a free port of 127.0.0.1 and prints `listening <url>` once ready.
import { createServer, type IncomingMessage } from 'node:http';
import pg from 'pg';
import twilio from 'twilio';
import { textBackGreeting } from '../domain/text-back';
import { createTwilioClient } from '../providers/twilio-client';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`bare-server: ${name} is not set`);
  return value;
};
const authToken = env('TWILIO_AUTH_TOKEN');
const sms = createTwilioClient({ accountSid: env('TWILIO_ACCOUNT_SID'), authToken, apiUrl: env('TWILIO_API_URL') });
const db = new pg.Pool({ connectionString: env('DATABASE_URL'), max: 10 });
const greeting = textBackGreeting({ name: env('BUSINESS_NAME') });

async function form(request: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

async function main() {
  await db.query(`create table if not exists bench_bare_texts (
    caller text not null, sid text not null, created_at timestamptz not null default clock_timestamp())`);
  let publicUrl = '';
  const server = createServer((request, response) => {
    const answer = (status: number, body = '', type = 'text/plain') => {
      response.writeHead(status, { 'content-type': type });
      response.end(body);
    };
    form(request)
      .then(async (params) => {
        if (request.method !== 'POST') return answer(405);
        if (!twilio.validateRequest(authToken, request.headers['x-twilio-signature'] as string, `${publicUrl}${request.url}`, params)) {
          return answer(403, 'bad signature');
        }
        if (request.url !== '/webhooks/twilio/voice/dial-result') return answer(204);
        const twiml = new twilio.twiml.VoiceResponse();
        if (params.DialCallStatus === 'no-answer' && params.From && params.To) {
          const sent = await sms.messages.create({ to: params.From, from: params.To, body: greeting });
          await db.query('insert into bench_bare_texts (caller, sid) values ($1, $2)', [params.From, sent.sid]);
          twiml.say('Sorry, we cannot take your call right now. We will text you in a moment.');
        }
        twiml.hangup();
        answer(200, twiml.toString(), 'text/xml');
      })
      .catch((error: unknown) => answer(500, (error as Error).message));
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('bare-server: no port');
    publicUrl = `http://127.0.0.1:${address.port}`;
    process.stdout.write(`listening ${publicUrl}\n`);
  });
  process.on('SIGTERM', () => {
    server.close();
    void db.end().finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bare-server failed: ${(error as Error).message}\n`);
  process.exit(1);
});
