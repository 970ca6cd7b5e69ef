// Metrics carry no tenant data (docs/decisions/0024-metrics-and-traces.md): requests are labelled
// by the route template koa-router matched, never the path a client sent, and every label of both
// registries, after being fed phone numbers, ids and odd input, is still from its fixed set.
import twilio from 'twilio';
import {
  apiRegistry,
  countOptOut,
  countSend,
  modelFailureReason,
  observeAssistantTurn,
  observeTimeToFirstText,
  twilioCodeLabel,
  workerRegistry,
} from '../../observability/metrics';
import { rawRequest, startApi, testConfig, unreachableBackends, type RunningApi } from '../support/api-app';
import { sampleValue, tenantShapedLabels, tenantShapedLabelsInText } from '../support/metric-labels';

const config = testConfig();
const CONVERSATION_ID = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const CALLER = '+15125550147';

let api: RunningApi;
beforeAll(async () => {
  api = await startApi({ ...unreachableBackends(), config });
});
afterAll(() => api.close());

const scrape = async () => (await rawRequest(`${api.url}/metrics`, {})).text;

/** A webhook signed as Twilio signs it for this api's PUBLIC_URL. */
function signedWebhook(path: string, params: Record<string, string>) {
  const signature = twilio.getExpectedTwilioSignature(config.TWILIO_AUTH_TOKEN, `${config.PUBLIC_URL}${path}`, params);
  return rawRequest(`${api.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
}

describe('requests are labelled by route template', () => {
  test('a path with an id is counted under its template, with method and status', async () => {
    const response = await rawRequest(`${api.url}/api/conversations/${CONVERSATION_ID}`, {});
    expect(response.status).toBe(401);
    const body = await scrape();
    expect(sampleValue(body, 'nmc_http_requests_total', { method: 'GET', route: '/api/conversations/:id', status: '401' })).toBe(1);
    expect(
      sampleValue(body, 'nmc_http_request_duration_seconds_count', { method: 'GET', route: '/api/conversations/:id', status_class: '4xx' }),
    ).toBe(1);
    expect(body).not.toContain(CONVERSATION_ID);
  });

  test('a path no route matched is one label value, whatever was typed', async () => {
    const before = sampleValue(await scrape(), 'nmc_http_requests_total', { method: 'GET', route: '(none)', status: '404' }) ?? 0;
    await rawRequest(`${api.url}/no/such/${encodeURIComponent(CALLER)}`, {});
    await rawRequest(`${api.url}/api/nothing-here/${CONVERSATION_ID}`, {});
    const body = await scrape();
    expect(sampleValue(body, 'nmc_http_requests_total', { method: 'GET', route: '(none)', status: '404' })).toBe(before + 2);
    expect(body).not.toContain('5125550147');
  });

  test('an invented method is OTHER, not a label value per method', async () => {
    await rawRequest(`${api.url}/healthz`, { method: 'PROPFIND' });
    expect(sampleValue(await scrape(), 'nmc_http_requests_total', { method: 'OTHER', route: '(none)' })).toBe(1);
    expect(await scrape()).not.toContain('PROPFIND');
  });

  test('webhooks: outcome by kind, a forged one included; the caller and business numbers stay out', async () => {
    const params = { MessageSid: `SM${'a'.repeat(32)}`, From: CALLER, To: '+15125550100', Body: 'hello' };
    const forged = await rawRequest(`${api.url}/webhooks/twilio/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'forged' },
      body: new URLSearchParams(params).toString(),
    });
    expect(forged.status).toBe(403);
    const invalid = await signedWebhook('/webhooks/twilio/voice/dial-result', { CallSid: 'not-a-sid', From: CALLER, To: '+15125550100' });
    expect(invalid.status).toBe(400);
    // The database is down (stub): the business lookup fails and Twilio gets a 5xx to retry.
    const failed = await signedWebhook('/webhooks/twilio/sms', params);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    const body = await scrape();
    expect(sampleValue(body, 'nmc_webhooks_total', { kind: 'sms', outcome: 'forbidden' })).toBe(1);
    expect(sampleValue(body, 'nmc_webhooks_total', { kind: 'dial_result', outcome: 'invalid' })).toBe(1);
    expect(sampleValue(body, 'nmc_webhooks_total', { kind: 'sms', outcome: 'error' })).toBe(1);
    expect(sampleValue(body, 'nmc_http_requests_total', { method: 'POST', route: '/webhooks/twilio/sms', status: '403' })).toBe(1);
    expect(tenantShapedLabelsInText(body)).toEqual([]);
  });

  test('GET /metrics answers in the Prometheus text format, with process metrics and HELP for ours', async () => {
    const response = await rawRequest(`${api.url}/metrics`, {});
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.text).toMatch(/^# HELP nmc_http_requests_total \S/m);
    expect(response.text).toMatch(/^# HELP nmc_webhooks_total \S/m);
    expect(response.text).toMatch(/^# TYPE nmc_live_sockets gauge$/m);
  });
});

describe('label values come from fixed sets', () => {
  test('Twilio error codes are five digits or "other"; none is "none"', () => {
    expect(twilioCodeLabel(21610)).toBe('21610');
    expect(twilioCodeLabel(undefined)).toBe('none');
    for (const odd of [CALLER, 5125550147, 42, 21610.5, 'ECONNRESET', { code: 1 }]) expect(twilioCodeLabel(odd)).toBe('other');
  });

  test('model failures map onto a few reasons, whatever their message says', () => {
    expect(modelFailureReason('invalid output: expected object')).toBe('invalid_output');
    expect(modelFailureReason('turn budget spent')).toBe('budget_spent');
    expect(modelFailureReason('Request timed out.')).toBe('timeout');
    expect(modelFailureReason('model error 500 upstream failed')).toBe('model_error');
    expect(modelFailureReason(`connect ECONNREFUSED for ${CALLER}`)).toBe('other');
  });

  test('after every recording function is fed tenant data, no label of either registry looks like a phone number or an id', async () => {
    countSend('sent');
    countSend('failed', 21610);
    countSend('failed', CALLER);
    countSend('already_sent');
    countOptOut(true);
    countOptOut(false);
    observeTimeToFirstText(2.5);
    observeAssistantTurn(
      {
        outcome: 'fallback',
        usage: { promptTokens: 900, completionTokens: 40 },
        errors: [`model error 500 for conversation ${CONVERSATION_ID}`, `invalid output: "${CALLER}"`, 'Request timed out.'],
      },
      3.2,
    );
    expect(await tenantShapedLabels(workerRegistry)).toEqual([]);
    expect(await tenantShapedLabels(apiRegistry)).toEqual([]);
    const worker = await workerRegistry.metrics();
    expect(sampleValue(worker, 'nmc_sms_sends_total', { outcome: 'failed', twilio_code: '21610' })).toBe(1);
    expect(sampleValue(worker, 'nmc_assistant_model_failures_total', { reason: 'model_error' })).toBe(1);
    expect(sampleValue(worker, 'nmc_assistant_tokens_total', { kind: 'prompt' })).toBe(900);
  });

  test('the scan itself finds a phone number or an id in a label', async () => {
    const { Counter, Registry } = await import('prom-client');
    const registry = new Registry();
    const leaky = new Counter({ name: 'leaky_total', help: 'a bad example', labelNames: ['who'], registers: [registry] });
    leaky.inc({ who: CALLER });
    leaky.inc({ who: CONVERSATION_ID });
    leaky.inc({ who: 'fine' });
    expect(await tenantShapedLabels(registry)).toHaveLength(2);
    expect(tenantShapedLabelsInText(await registry.metrics())).toHaveLength(2);
  });
});
