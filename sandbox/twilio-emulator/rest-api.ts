// The subset of Twilio's 2010-04-01 REST API the app uses, with Twilio's error codes, so the real
// `twilio` SDK runs against the emulator unchanged.
import { setTimeout as sleep } from 'node:timers/promises';
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { availableNumberJson, incomingNumberJson, messageJson, page, recordingJson, twilioError } from './resources';
import {
  isValidPhone,
  numberByPhone,
  optOutKey,
  ownNumber,
  takeFault,
  takeMessagesCreateFault,
  type EmulatorState,
  type OwnedNumber,
  type StoredRecording,
} from './state';
import { deliverToPhone, recordMessage, type TextingDeps } from './texting';
import { toneWav } from './wav';

const ACCOUNT_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\//;

/** HTTP Basic with the account SID and auth token, as Twilio checks it; other accounts' paths do not exist. */
export function requireTwilioAuth(accountSid: string, authToken: string) {
  return async (ctx: Context, next: Next): Promise<void> => {
    if (!ctx.path.startsWith('/2010-04-01/')) return next();
    const [scheme, encoded] = ctx.get('Authorization').split(' ');
    const credentials = Buffer.from(encoded ?? '', 'base64').toString();
    if (scheme?.toLowerCase() !== 'basic' || credentials !== `${accountSid}:${authToken}`) {
      ctx.set('WWW-Authenticate', 'Basic realm="Twilio API"');
      return twilioError(ctx, 401, 20003, 'Authenticate');
    }
    if (ACCOUNT_PATH.exec(ctx.path)?.[1] !== accountSid)
      return twilioError(ctx, 404, 20404, `The requested resource ${ctx.path} was not found`);
    await next();
    if (ctx.status === 404 && ctx.body === undefined) twilioError(ctx, 404, 20404, `The requested resource ${ctx.path} was not found`);
  };
}

function field(ctx: Context, name: string): string | undefined {
  const value = (ctx.request.body as Record<string, unknown> | undefined)?.[name];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === null ? undefined : String(first);
}

const queryValue = (query: Context['query'], name: string): string | undefined => [query[name]].flat()[0];

/** Twilio's date filters (DateSent, DateCreated): a bare date is the whole UTC day, and `Name<` / `Name>` are inclusive. */
function dateRange(query: Context['query'], name: 'DateSent' | 'DateCreated'): [number, number] {
  const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
  const startOf = (value: string) => Date.parse(isDay(value) ? `${value}T00:00:00Z` : value);
  const endOf = (value: string) => startOf(value) + (isDay(value) ? 86_400_000 : 1000) - 1;
  const [on, before, after] = [name, `${name}<`, `${name}>`].map((filter) => queryValue(query, filter));
  let range: [number, number] = on ? [startOf(on), endOf(on)] : [-Infinity, Infinity];
  if (after) range = [Math.max(range[0], startOf(after)), range[1]];
  if (before) range = [range[0], Math.min(range[1], endOf(before))];
  return range;
}

/** The fictional 555-01xx numbers of an area code that nobody owns yet. */
export function availableNumbers(state: EmulatorState, areaCode: string, limit: number): string[] {
  if (!/^[2-9]\d{2}$/.test(areaCode)) return [];
  const free: string[] = [];
  for (let line = 0; line < 100 && free.length < limit; line += 1) {
    const phoneNumber = `+1${areaCode}55501${String(line).padStart(2, '0')}`;
    if (!numberByPhone(state, phoneNumber)) free.push(phoneNumber);
  }
  return free;
}

export function createRestApiRouter(deps: TextingDeps): Router {
  const { state, accountSid } = deps;
  const router = new Router({ prefix: '/2010-04-01/Accounts/:accountSid' });

  router.post('/Messages.json', async (ctx) => {
    const fault = takeMessagesCreateFault(state);
    if (fault && 'status' in fault)
      return twilioError(ctx, fault.status, fault.status === 503 ? 20503 : 20500, 'Service unavailable (injected fault)');
    const [to, from, body = ''] = [field(ctx, 'To'), field(ctx, 'From'), field(ctx, 'Body')];
    if (!to) return twilioError(ctx, 400, 21604, "A 'To' phone number is required.");
    if (!isValidPhone(to)) return twilioError(ctx, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!from) return twilioError(ctx, 400, 21603, "A 'From' phone number is required.");
    if (!numberByPhone(state, from)) {
      return twilioError(
        ctx,
        400,
        21606,
        `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
      );
    }
    if (!body) return twilioError(ctx, 400, 21602, 'Message body is required.');
    if (body.length > 1600) return twilioError(ctx, 400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    if (state.optOuts.has(optOutKey(from, to))) return twilioError(ctx, 400, 21610, 'Attempt to send to unsubscribed recipient');
    if (takeFault(state, 'queueFull')) {
      return twilioError(ctx, 400, 21611, "This 'From' number has exceeded the maximum number of queued messages");
    }
    const validityPeriod = field(ctx, 'ValidityPeriod');
    const message = recordMessage(state, {
      from,
      to,
      body,
      direction: 'outbound-api',
      status: 'queued',
      statusCallback: field(ctx, 'StatusCallback'),
      validityPeriod: validityPeriod ? Number(validityPeriod) : undefined,
    });
    state.stats.messagesAccepted += 1;
    // Twilio answers with the text as it was accepted ("queued"), whatever happened to it since.
    const accepted = messageJson(accountSid, message);
    deliverToPhone(deps, message);
    // A slow answer to a text Twilio already took: the sender's timeout leaves it an unknown outcome,
    // and its status callbacks may reach the app before this answer does.
    if (fault) await sleep(fault.delayMs);
    ctx.status = 201;
    ctx.body = accepted;
  });

  router.get('/Messages.json', (ctx) => {
    const { To: to, From: from } = ctx.query;
    const [after, before] = dateRange(ctx.query, 'DateSent');
    const found = state.messages.filter((message) => {
      const sentAt = (message.dateSent ?? message.dateCreated).getTime(); // a still-queued text counts from its creation
      return (!to || message.to === to) && (!from || message.from === from) && sentAt >= after && sentAt <= before;
    });
    ctx.body = page(ctx, 'messages', found.reverse(), (message) => messageJson(accountSid, message));
  });

  router.get('/Messages/:sid.json', (ctx) => {
    const message = state.messages.find((candidate) => candidate.sid === ctx.params.sid);
    if (!message) return twilioError(ctx, 404, 20404, `The requested resource ${ctx.path} was not found`);
    ctx.body = messageJson(accountSid, message);
  });

  router.get('/AvailablePhoneNumbers/:country/Local.json', (ctx) => {
    const areaCode = String(ctx.query.AreaCode ?? '415');
    const numbers = ctx.params.country === 'US' ? availableNumbers(state, areaCode, 20) : [];
    ctx.body = page(ctx, 'available_phone_numbers', numbers, availableNumberJson);
  });

  router.post('/IncomingPhoneNumbers.json', (ctx) => {
    const [requested, areaCode] = [field(ctx, 'PhoneNumber'), field(ctx, 'AreaCode')];
    if (!requested && !areaCode) return twilioError(ctx, 400, 21421, 'A PhoneNumber or an AreaCode is required.');
    const phoneNumber = requested ?? availableNumbers(state, areaCode!, 1)[0];
    if (!phoneNumber) return twilioError(ctx, 400, 21452, `No phone numbers found within the requested area code ${areaCode}`);
    if (!isValidPhone(phoneNumber)) return twilioError(ctx, 400, 21421, `PhoneNumber ${phoneNumber} is invalid.`);
    if (numberByPhone(state, phoneNumber)) return twilioError(ctx, 400, 21422, `PhoneNumber ${phoneNumber} is not available.`);
    const number = ownNumber(state, phoneNumber);
    configure(ctx, number);
    ctx.status = 201;
    ctx.body = incomingNumberJson(accountSid, number);
  });

  router.get('/IncomingPhoneNumbers.json', (ctx) => {
    const wanted = [ctx.query.PhoneNumber].flat()[0];
    const owned = [...state.numbers.values()].filter((number) => !wanted || number.phoneNumber.includes(wanted.trim()));
    ctx.body = page(ctx, 'incoming_phone_numbers', owned, (number) => incomingNumberJson(accountSid, number));
  });

  router.get('/IncomingPhoneNumbers/:sid.json', (ctx) => {
    const number = state.numbers.get(ctx.params.sid!);
    if (!number) return twilioError(ctx, 404, 20404, `The requested resource ${ctx.path} was not found`);
    ctx.body = incomingNumberJson(accountSid, number);
  });

  router.post('/IncomingPhoneNumbers/:sid.json', (ctx) => {
    const number = state.numbers.get(ctx.params.sid!);
    if (!number) return twilioError(ctx, 404, 20404, `The requested resource ${ctx.path} was not found`);
    configure(ctx, number);
    number.dateUpdated = new Date();
    ctx.body = incomingNumberJson(accountSid, number);
  });

  router.delete('/IncomingPhoneNumbers/:sid.json', (ctx) => {
    if (!state.numbers.delete(ctx.params.sid!)) return twilioError(ctx, 404, 20404, `The requested resource ${ctx.path} was not found`);
    ctx.status = 204;
  });

  addRecordingRoutes(router, state, accountSid);
  return router;
}

const MEDIA_FILE = /^([^.]+)(?:\.([^.]+))?$/;

/**
 * Recordings the phone network made (voicemails), at the account and under their call: fetch, list
 * (CallSid and DateCreated filters, newest first), delete, and the media. The media is a generated
 * WAV, served for `{RecordingUrl}` and `{RecordingUrl}.wav`; Twilio also serves `.mp3`, which the
 * emulator answers 404 (it generates no MP3). Media needs the account's Basic auth, as Twilio's
 * default does.
 */
function addRecordingRoutes(router: Router, state: EmulatorState, accountSid: string): void {
  const notFound = (ctx: Context) => twilioError(ctx, 404, 20404, `The requested resource ${ctx.path} was not found`);
  const find = (sid: string | undefined, callSid?: string) =>
    state.recordings.find((recording) => recording.sid === sid && (callSid === undefined || recording.callSid === callSid));
  const matching = (ctx: Context, callSid: string | undefined): StoredRecording[] => {
    const [after, before] = dateRange(ctx.query, 'DateCreated');
    if (queryValue(ctx.query, 'ConferenceSid')) return []; // the network records no conferences
    return state.recordings
      .filter((recording) => {
        const created = recording.dateCreated.getTime();
        return (!callSid || recording.callSid === callSid) && created >= after && created <= before;
      })
      .reverse();
  };
  const remove = (ctx: Context, recording: StoredRecording | undefined) => {
    if (!recording) return notFound(ctx);
    state.recordings.splice(state.recordings.indexOf(recording), 1);
    ctx.status = 204;
  };

  router.get('/Recordings.json', (ctx) => {
    const found = matching(ctx, queryValue(ctx.query, 'CallSid'));
    ctx.body = page(ctx, 'recordings', found, (recording) => recordingJson(accountSid, recording));
  });

  router.get('/Recordings/:sid.json', (ctx) => {
    const recording = find(ctx.params.sid);
    if (!recording) return notFound(ctx);
    ctx.body = recordingJson(accountSid, recording);
  });

  router.delete('/Recordings/:sid.json', (ctx) => remove(ctx, find(ctx.params.sid)));

  // After the .json routes: `:file` would match `RE….json` too, and the first matching route answers.
  router.get('/Recordings/:file', (ctx) => {
    const [, sid, extension] = MEDIA_FILE.exec(ctx.params.file!) ?? [];
    const recording = find(sid);
    if (!recording || (extension !== undefined && !['wav', 'mp3'].includes(extension.toLowerCase()))) return notFound(ctx);
    if (extension?.toLowerCase() === 'mp3') {
      const message = `The Twilio emulator serves recordings as WAV only: fetch ${recording.url}.wav (or without an extension)`;
      return twilioError(ctx, 404, 20404, message);
    }
    ctx.body = toneWav(recording.duration);
    ctx.type = 'audio/x-wav';
  });

  router.get('/Calls/:callSid/Recordings.json', (ctx) => {
    const found = matching(ctx, ctx.params.callSid);
    ctx.body = page(ctx, 'recordings', found, (recording) => recordingJson(accountSid, recording, true));
  });

  router.get('/Calls/:callSid/Recordings/:sid.json', (ctx) => {
    const recording = find(ctx.params.sid, ctx.params.callSid);
    if (!recording) return notFound(ctx);
    ctx.body = recordingJson(accountSid, recording, true);
  });

  router.delete('/Calls/:callSid/Recordings/:sid.json', (ctx) => remove(ctx, find(ctx.params.sid, ctx.params.callSid)));
}

/** Applies the writable fields Twilio accepts on create and update; an empty string clears a URL. */
function configure(ctx: Context, number: OwnedNumber): void {
  const url = (name: string, current: string | null) => {
    const value = field(ctx, name);
    return value === undefined ? current : value || null;
  };
  number.voiceUrl = url('VoiceUrl', number.voiceUrl);
  number.smsUrl = url('SmsUrl', number.smsUrl);
  number.statusCallback = url('StatusCallback', number.statusCallback);
  number.smsFallbackUrl = url('SmsFallbackUrl', number.smsFallbackUrl);
  number.voiceFallbackUrl = url('VoiceFallbackUrl', number.voiceFallbackUrl);
  number.smsFallbackMethod = field(ctx, 'SmsFallbackMethod')?.toUpperCase() ?? number.smsFallbackMethod;
  number.voiceFallbackMethod = field(ctx, 'VoiceFallbackMethod')?.toUpperCase() ?? number.voiceFallbackMethod;
  number.voiceMethod = field(ctx, 'VoiceMethod')?.toUpperCase() ?? number.voiceMethod;
  number.smsMethod = field(ctx, 'SmsMethod')?.toUpperCase() ?? number.smsMethod;
  number.friendlyName = field(ctx, 'FriendlyName') ?? number.friendlyName;
}
