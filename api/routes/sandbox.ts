// Sandbox mode only: the dashboard's phone simulator plays the caller through the local Twilio
// emulator, which then calls our webhooks exactly as Twilio would.
import type { BusinessLimits } from '../business-limits';
import { placeCall, placedCall, sandboxText, sentText, simulatorPhone, simulatorPhoneQuery } from '../../contracts/http/sandbox';
import type { ApiConfig } from '../../config';
import { badGateway, conflict } from '../errors';
import { ownerRoute, type RouteGroup } from '../route';
import type { TenantScope } from '../tenant-scope';

interface EmulatorMessage {
  from: string;
  to: string;
  body: string;
  direction: 'to-phone' | 'from-phone';
  dateCreated: string;
}

export function sandboxRoutes({ config, limits }: { config: ApiConfig; limits: BusinessLimits }): RouteGroup {
  async function emulator<T>(path: string, init?: { method: 'POST'; body: unknown }): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${config.TWILIO_API_URL}${path}`, {
        method: init?.method ?? 'GET',
        ...(init ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) } : {}),
        signal: AbortSignal.timeout(30_000),
      });
    } catch {
      throw badGateway('sandbox_unavailable', 'the local Twilio emulator did not answer; is `npm run dev` running?');
    }
    const answer = (await response.json().catch(() => ({}))) as T & { error?: { message?: string } };
    if (response.status >= 400 && response.status < 500) {
      throw conflict('sandbox_refused', `the Twilio emulator refused: ${answer.error?.message ?? response.status}`);
    }
    if (!response.ok) throw badGateway('sandbox_unavailable', `the Twilio emulator answered ${response.status}`);
    return answer;
  }

  async function businessNumbers(scope: TenantScope): Promise<string[]> {
    const numbers = (await scope.phoneNumbers()).map((number) => number.e164);
    if (numbers.length === 0) throw conflict('no_business_number', 'the business has no phone number yet: get one first');
    return numbers;
  }

  return {
    tag: 'Sandbox',
    description: 'Sandbox mode only (NMC_MODE=sandbox): play the caller against the local Twilio emulator.',
    routes: [
      ownerRoute({
        method: 'post',
        path: '/api/sandbox/calls',
        summary: 'The simulated caller calls the business number',
        body: placeCall,
        status: 202,
        response: placedCall,
        errors: [409, 429, 502],
        handler: async ({ scope, body }) => {
          await limits.spend(scope, 'sandbox_call');
          const [businessNumber] = await businessNumbers(scope);
          const call = await emulator<{ callSid: string }>('/sandbox/calls', {
            method: 'POST',
            body: {
              from: body.callerPhone ?? config.SANDBOX_CALLER_PHONE,
              to: businessNumber,
              owner: body.answer,
              ...(body.voicemail ? { voicemail: body.voicemail } : {}),
            },
          });
          return { callSid: call.callSid };
        },
      }),
      ownerRoute({
        method: 'post',
        path: '/api/sandbox/texts',
        summary: 'The simulated caller texts the business number',
        body: sandboxText,
        status: 202,
        response: sentText,
        errors: [409, 429, 502],
        handler: async ({ scope, body }) => {
          await limits.spend(scope, 'sandbox_text');
          const [businessNumber] = await businessNumbers(scope);
          const sent = await emulator<{ messageSid: string }>('/sandbox/sms', {
            method: 'POST',
            body: { from: body.callerPhone ?? config.SANDBOX_CALLER_PHONE, to: businessNumber, body: body.body },
          });
          return { messageSid: sent.messageSid };
        },
      }),
      ownerRoute({
        method: 'get',
        path: '/api/sandbox/phone',
        summary: "The simulated caller's phone: its texts with this business, oldest first",
        query: simulatorPhoneQuery,
        response: simulatorPhone,
        errors: [502],
        handler: async ({ scope, query }) => {
          const callerPhone = query.callerPhone ?? config.SANDBOX_CALLER_PHONE;
          // Every sandbox business shares the simulated caller: show only texts with this business's numbers.
          const ours = new Set((await scope.phoneNumbers()).map((number) => number.e164));
          const { messages } = await emulator<{ messages: EmulatorMessage[] }>(
            `/sandbox/phones/${encodeURIComponent(callerPhone)}/messages`,
          );
          return {
            callerPhone,
            messages: messages
              .filter((message) => ours.has(message.direction === 'to-phone' ? message.from : message.to))
              .map((message) => ({
                from: message.from,
                to: message.to,
                body: message.body,
                at: message.dateCreated,
                direction: message.direction === 'to-phone' ? ('received' as const) : ('sent' as const),
              })),
          };
        },
      }),
    ],
  };
}
