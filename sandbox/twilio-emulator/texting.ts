// Texts as the carrier handles them: segments, delivery progress reported to StatusCallback, and
// the STOP/START keywords a carrier enforces whatever the app does.
import { newSid, optOutKey, takeFault, type EmulatorState, type MessageStatus, type OwnedNumber, type StoredMessage } from './state';
import { parseTwiml, type TwimlVerb } from './twiml';
import type { WebhookSender } from './webhooks';

export interface TextingDeps {
  state: EmulatorState;
  accountSid: string;
  webhooks: WebhookSender;
  /** Runs `task` after `ms`, unless the emulator closes first. */
  later(ms: number, task: () => Promise<void>): void;
}

const STOP_KEYWORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']);
const START_KEYWORDS = new Set(['START', 'UNSTOP', 'YES']);
// Twilio's default reply: the one confirmation a caller gets, since the app may no longer text them.
const STOP_CONFIRMATION =
  'You have successfully been unsubscribed. You will not receive any more messages from this number. Reply START to resubscribe.';
const DELIVERY_STEP_MS = 20;

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENDED = '^{}\\[~]|€';

/** Segments as carriers bill them: GSM-7 160/153 characters, otherwise UCS-2 70/67. */
export function countSegments(body: string): number {
  const chars = [...body];
  if (chars.every((char) => GSM7_BASIC.includes(char) || GSM7_EXTENDED.includes(char))) {
    const septets = chars.reduce((sum, char) => sum + (GSM7_EXTENDED.includes(char) ? 2 : 1), 0);
    return septets <= 160 ? 1 : Math.ceil(septets / 153);
  }
  return body.length <= 70 ? 1 : Math.ceil(body.length / 67);
}

type NewMessage = Pick<StoredMessage, 'from' | 'to' | 'body' | 'direction' | 'status'> &
  Partial<Pick<StoredMessage, 'statusCallback' | 'validityPeriod'>>;

export function recordMessage(state: EmulatorState, fields: NewMessage): StoredMessage {
  const now = new Date();
  const message: StoredMessage = {
    sid: newSid('SM'),
    numSegments: countSegments(fields.body),
    errorCode: null,
    dateCreated: now,
    dateUpdated: now,
    dateSent: fields.direction === 'inbound' ? now : null,
    ...fields,
  };
  state.messages.push(message);
  return message;
}

/** The carrier's side of an accepted text: `sent`, then `delivered` (or `undelivered`), each reported in order. */
export function deliverToPhone(deps: TextingDeps, message: StoredMessage): void {
  const finalStatus = takeFault(deps.state, 'undeliverable') ? 'undelivered' : 'delivered';
  deps.later(DELIVERY_STEP_MS, async () => {
    await reportStatus(deps, message, 'sent');
    deps.later(DELIVERY_STEP_MS, () => reportStatus(deps, message, finalStatus));
  });
}

async function reportStatus(deps: TextingDeps, message: StoredMessage, status: MessageStatus): Promise<void> {
  message.status = status;
  message.dateUpdated = new Date();
  if (status === 'sent') message.dateSent = message.dateUpdated;
  if (status === 'undelivered') message.errorCode = 30003; // Unreachable destination handset
  if (!message.statusCallback) return;
  await deps.webhooks.send(message.statusCallback, {
    AccountSid: deps.accountSid,
    MessageSid: message.sid,
    SmsSid: message.sid,
    MessageStatus: status,
    SmsStatus: status,
    From: message.from,
    To: message.to,
    ApiVersion: '2010-04-01',
    ...(message.errorCode ? { ErrorCode: String(message.errorCode) } : {}),
  });
}

/** A phone texts a business number: carrier keywords first, then the number's SmsUrl. */
export async function receiveSms(
  deps: TextingDeps,
  number: OwnedNumber,
  from: string,
  body: string,
  { webhook = true }: { webhook?: boolean } = {},
): Promise<{ messageSid: string; status: number | null }> {
  const { state } = deps;
  const message = recordMessage(state, { from, to: number.phoneNumber, body, direction: 'inbound', status: 'received' });
  const keyword = body.trim().toUpperCase();
  const optOutType = STOP_KEYWORDS.has(keyword) ? 'STOP' : START_KEYWORDS.has(keyword) ? 'START' : undefined;
  if (optOutType === 'STOP') {
    state.optOuts.add(optOutKey(number.phoneNumber, from));
    recordMessage(state, { from: number.phoneNumber, to: from, body: STOP_CONFIRMATION, direction: 'outbound-reply', status: 'delivered' });
  }
  if (optOutType === 'START') state.optOuts.delete(optOutKey(number.phoneNumber, from));
  // With no SmsUrl Twilio has nowhere to deliver: the text is stored and nobody is told (the same
  // when asked to leave the app out: as if it was down, and its fallback too).
  if (!number.smsUrl || !webhook) return { messageSid: message.sid, status: null };
  const params = {
    AccountSid: deps.accountSid,
    MessageSid: message.sid,
    SmsSid: message.sid,
    SmsMessageSid: message.sid,
    From: from,
    To: number.phoneNumber,
    Body: body,
    NumMedia: '0',
    NumSegments: String(message.numSegments),
    SmsStatus: 'received',
    ApiVersion: '2010-04-01',
    ...(optOutType ? { OptOutType: optOutType } : {}),
  };
  let reply = await deps.webhooks.send(number.smsUrl, params, number.smsMethod);
  // As at Twilio: the SmsFallbackUrl is tried once when the SmsUrl fails (5xx, or no answer).
  if ((reply.status === 0 || reply.status >= 500) && number.smsFallbackUrl) {
    reply = await deps.webhooks.send(number.smsFallbackUrl, params, number.smsFallbackMethod);
  }
  if (reply.status >= 200 && reply.status < 300) sendTwimlReplies(deps, number, from, reply.body);
  return { messageSid: message.sid, status: reply.status };
}

/** <Message> verbs in the webhook's answer go out like API texts; unparseable TwiML sends nothing, as at Twilio. */
function sendTwimlReplies(deps: TextingDeps, number: OwnedNumber, from: string, twiml: string): void {
  let verbs: TwimlVerb[] = [];
  try {
    verbs = twiml.trim() ? parseTwiml(twiml) : [];
  } catch {
    return;
  }
  for (const verb of verbs) {
    const to = verb.attrs.to ?? from;
    if (verb.name !== 'Message' || deps.state.optOuts.has(optOutKey(number.phoneNumber, to))) continue;
    const body = verb.children.find((child) => child.name === 'Body')?.text ?? verb.text;
    const fields = { from: number.phoneNumber, to, body, statusCallback: verb.attrs.statusCallback };
    deliverToPhone(deps, recordMessage(deps.state, { ...fields, direction: 'outbound-reply', status: 'queued' }));
  }
}
