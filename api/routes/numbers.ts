// The business's phone numbers: search, buy, attach one the Twilio account owns, release.
import {
  availableNumbers,
  availableNumbersQuery,
  numberRequest,
  phoneNumber,
  phoneNumberList,
  phoneNumberParams,
} from '../../contracts/http/numbers';
import { toPhoneNumberView as view } from '../../db/phone-numbers';
import type { PhoneNumbers } from '../phone-numbers';
import { ownerRoute, type RouteGroup } from '../route';

export function numberRoutes({ phoneNumbers }: { phoneNumbers: PhoneNumbers }): RouteGroup {
  return {
    tag: 'Phone numbers',
    description: "The business's Twilio numbers (the local emulator's in sandbox mode).",
    routes: [
      ownerRoute({
        method: 'get',
        path: '/api/numbers',
        summary: "The business's numbers",
        response: phoneNumberList,
        handler: async ({ scope }) => ({ numbers: (await scope.phoneNumbers()).map(view) }),
      }),
      ownerRoute({
        method: 'get',
        path: '/api/numbers/available',
        summary: 'Local numbers available to buy in an area code',
        query: availableNumbersQuery,
        response: availableNumbers,
        errors: [429, 502],
        handler: async ({ scope, query }) => ({ numbers: await phoneNumbers.search(scope, query.areaCode) }),
      }),
      ownerRoute({
        method: 'post',
        path: '/api/numbers',
        summary: 'Buy a number and point its voice, SMS and status webhooks at NeverMissCall',
        body: numberRequest,
        status: 201,
        response: phoneNumber,
        errors: [409, 422, 429, 502],
        handler: async ({ scope, body }) => view(await phoneNumbers.buy(scope, body.e164)),
      }),
      ownerRoute({
        method: 'post',
        path: '/api/numbers/attach',
        summary: 'Use a number the Twilio account already owns (its webhooks are re-pointed)',
        body: numberRequest,
        status: 201,
        response: phoneNumber,
        errors: [409, 422, 429, 502],
        handler: async ({ scope, body }) => view(await phoneNumbers.attach(scope, body.e164)),
      }),
      ownerRoute({
        method: 'delete',
        path: '/api/numbers/:id',
        summary: 'Release a number back to Twilio',
        params: phoneNumberParams,
        status: 204,
        errors: [502],
        handler: async ({ scope, params }) => {
          await phoneNumbers.release(scope, params.id);
        },
      }),
    ],
  };
}
