// What Twilio posts to each webhook, parsed (anything else answers 400 and changes nothing).
import { z } from 'zod';
import { MAX_SMS_BODY } from '../../contracts/conversation-workflow';

const sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be a Twilio ${prefix} SID`);

export const statusParams = z.object({
  MessageSid: sid('SM'),
  MessageStatus: z.string().max(32),
  ErrorCode: z.coerce.number().int().optional(),
});
export const smsParams = z.object({
  MessageSid: sid('SM'),
  From: z.string().max(64),
  To: z.string().max(64),
  Body: z.string().max(MAX_SMS_BODY),
  // 1,600 characters outside GSM-7 (an emoji, an accent Twilio cannot map) arrive in up to 24
  // segments: a bound of 10 answered 400 to a long Unicode text, and Twilio dropped it.
  NumSegments: z.coerce.number().int().min(1).max(50).optional(),
});
export const voiceParams = z.object({ CallSid: sid('CA'), From: z.string().max(64), To: z.string().max(64) });
export const dialResultParams = voiceParams.extend({ DialCallStatus: z.string().max(32) });
export const screenParams = z.object({ CallSid: sid('CA'), ParentCallSid: sid('CA') });
export const screenResultParams = screenParams.extend({ Digits: z.string().max(32).optional() });
export const recordingParams = z.object({
  CallSid: sid('CA'),
  RecordingSid: sid('RE'),
  RecordingUrl: z.url().max(500),
  RecordingDuration: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 3600)
    .optional(),
});
export const transcriptionParams = recordingParams.extend({
  TranscriptionStatus: z.string().max(32),
  TranscriptionText: z.string().max(5_000).optional().default(''),
});
export const callStatusParams = z.object({ CallSid: sid('CA'), CallStatus: z.string().max(32) });
