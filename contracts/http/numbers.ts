// The business's phone numbers over HTTP: search, buy, attach, release.
import { z } from 'zod';
import { idParams } from './common';
import { e164, phoneNumberInput } from './phone';

export const phoneNumber = z.object({ id: z.uuid(), e164, twilioSid: z.string().nullable() }).meta({ id: 'PhoneNumber' });
export type OwnedNumber = z.output<typeof phoneNumber>;
export const phoneNumberParams = idParams('a phone number');
export const phoneNumberList = z.object({ numbers: z.array(phoneNumber) });
export type PhoneNumberList = z.output<typeof phoneNumberList>;

export const numberRequest = z.strictObject({ e164: phoneNumberInput }).meta({ id: 'PhoneNumberRequest' });
export type NumberRequest = z.input<typeof numberRequest>;

export const availableNumbersQuery = z.strictObject({
  areaCode: z.string().regex(/^[2-9]\d{2}$/, 'must be a 3-digit US area code, e.g. 512'),
});
export const availableNumbers = z.object({
  numbers: z.array(z.object({ e164, locality: z.string().nullable(), region: z.string().nullable() }).meta({ id: 'AvailableNumber' })),
});
export type AvailableNumber = z.output<typeof availableNumbers>['numbers'][number];
export type AvailableNumberList = z.output<typeof availableNumbers>;
