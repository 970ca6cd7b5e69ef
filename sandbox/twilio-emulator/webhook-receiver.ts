// For tests: a tiny stand-in for the app's webhook endpoints. It checks every signature exactly as
// the app must (twilio.validateRequest against the URL it was configured with) and answers TwiML.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';

export interface ReceivedWebhook {
  path: string;
  params: Record<string, string>;
  signatureValid: boolean;
  /** What was needed to check the signature again, e.g. against a wrong token. */
  signed: { url: string; signature: string };
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Resolves once `count` webhooks to `path` have arrived; rejects after `timeoutMs`. */
  waitFor(path: string, count?: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** `answers` maps a path (query string included) to the TwiML it returns; other paths get an empty <Response/>. */
export async function startWebhookReceiver(authToken: string, answers: Record<string, string> = {}): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(body));
      const signed = { url: `${receiver.url}${request.url}`, signature: String(request.headers['x-twilio-signature'] ?? '') };
      const signatureValid = twilio.validateRequest(authToken, signed.signature, signed.url, params);
      received.push({ path: request.url ?? '', params, signatureValid, signed });
      response.writeHead(signatureValid ? 200 : 403, { 'Content-Type': 'text/xml' });
      response.end(signatureValid ? (answers[request.url ?? ''] ?? '<Response/>') : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const receiver: WebhookReceiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    async waitFor(path, count = 1, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const matching = received.filter((webhook) => webhook.path === path);
        if (matching.length >= count) return matching;
        if (Date.now() > deadline) throw new Error(`${matching.length} of ${count} webhooks to ${path} arrived in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return receiver;
}
