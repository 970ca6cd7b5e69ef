// Sandbox mode only, over HTTP: the dashboard's phone simulator plays the caller.
import { z } from 'zod';
import { MAX_SMS_BODY } from '../../domain/conversation-facts';
import { e164, phoneNumberInput } from './phone';

export const placeCall = z
  .strictObject({
    callerPhone: phoneNumberInput.optional().meta({ description: 'Defaults to the sandbox caller (GET /api/me → sandbox.callerPhone).' }),
    answer: z
      .enum(['no-answer', 'busy', 'accept', 'decline', 'voicemail'])
      .default('no-answer')
      .meta({ description: "What the owner's phone does with the forwarded call." }),
    voicemail: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .optional()
      .meta({ description: 'What the caller says after the tone, when the call is missed.' }),
  })
  .meta({ id: 'SandboxCall' });
export type PlaceCall = z.input<typeof placeCall>;
export type SimulatedAnswer = NonNullable<PlaceCall['answer']>;
export const placedCall = z.object({ callSid: z.string() });
export type PlacedCall = z.output<typeof placedCall>;

export const sandboxText = z
  .strictObject({
    body: z.string().min(1).max(MAX_SMS_BODY),
    callerPhone: phoneNumberInput.optional().meta({ description: 'Play another caller; defaults to the sandbox caller.' }),
  })
  .meta({ id: 'SandboxText' });
export type SandboxText = z.input<typeof sandboxText>;
export const sentText = z.object({ messageSid: z.string() });
export type SentText = z.output<typeof sentText>;

export const simulatorPhoneQuery = z.strictObject({ callerPhone: phoneNumberInput.optional() });
export const simulatorPhone = z.object({
  callerPhone: e164,
  messages: z.array(
    z.object({
      from: e164,
      to: e164,
      body: z.string(),
      at: z.string(),
      direction: z.enum(['received', 'sent']).meta({ description: 'received: the caller got it; sent: the caller wrote it.' }),
    }),
  ),
});
export type SimulatorPhone = z.output<typeof simulatorPhone>;
export type SimulatorText = SimulatorPhone['messages'][number];
