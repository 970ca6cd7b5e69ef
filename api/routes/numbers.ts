// The business's phone numbers: search, buy, attach one the Twilio account owns, release.
import { z } from 'zod';
import type { PhoneNumbers } from '../phone-numbers';
import { e164, phoneNumberInput } from '../phone-input';
import { ownerRoute, type RouteGroup } from '../route';
import { idParams } from '../schemas';
import { toPhoneNumberView as view } from '../../db/phone-numbers';

const phoneNumber = z.object({ id: z.uuid(), e164, twilioSid: z.string().nullable() }).meta({ id: 'PhoneNumber' });
const numberRequest = z.strictObject({ e164: phoneNumberInput }).meta({ id: 'PhoneNumberRequest' });

export function numberRoutes({ phoneNumbers }: { phoneNumbers: PhoneNumbers }): RouteGroup {
  return {
    tag: 'Phone numbers',
    description: "The business's Twilio numbers (the local emulator's in sandbox mode).",
    routes: [
      ownerRoute({
        method: 'get',
        path: '/api/numbers',
        summary: "The business's numbers",
        response: z.object({ numbers: z.array(phoneNumber) }),
        handler: async ({ scope }) => ({ numbers: (await scope.phoneNumbers()).map(view) }),
      }),
      ownerRoute({
        method: 'get',
        path: '/api/numbers/available',
        summary: 'Local numbers available to buy in an area code',
        query: z.strictObject({ areaCode: z.string().regex(/^[2-9]\d{2}$/, 'must be a 3-digit US area code, e.g. 512') }),
        response: z.object({
          numbers: z.array(
            z.object({ e164, locality: z.string().nullable(), region: z.string().nullable() }).meta({ id: 'AvailableNumber' }),
          ),
        }),
        errors: [502],
        handler: async ({ query }) => ({ numbers: await phoneNumbers.search(query.areaCode) }),
      }),
      ownerRoute({
        method: 'post',
        path: '/api/numbers',
        summary: 'Buy a number and point its voice, SMS and status webhooks at NeverMissCall',
        body: numberRequest,
        status: 201,
        response: phoneNumber,
        errors: [409, 422, 502],
        handler: async ({ scope, body }) => view(await phoneNumbers.buy(scope, body.e164)),
      }),
      ownerRoute({
        method: 'post',
        path: '/api/numbers/attach',
        summary: 'Use a number the Twilio account already owns (its webhooks are re-pointed)',
        body: numberRequest,
        status: 201,
        response: phoneNumber,
        errors: [409, 422, 502],
        handler: async ({ scope, body }) => view(await phoneNumbers.attach(scope, body.e164)),
      }),
      ownerRoute({
        method: 'delete',
        path: '/api/numbers/:id',
        summary: 'Release a number back to Twilio',
        params: idParams('a phone number'),
        status: 204,
        errors: [502],
        handler: async ({ scope, params }) => {
          await phoneNumbers.release(scope, params.id);
        },
      }),
    ],
  };
}
