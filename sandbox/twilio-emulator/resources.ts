// Twilio's JSON shapes for the resources the emulator serves: snake_case fields, RFC 2822 dates,
// `uri`s and paging, as the SDK parses them from the real API.
import type { Context } from 'koa';
import { friendlyName, type OwnedNumber, type StoredMessage, type StoredRecording } from './state';

export const API_VERSION = '2010-04-01';

export function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

export function twilioError(ctx: Context, status: number, code: number, message: string): void {
  ctx.status = status;
  ctx.body = { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

export function messageJson(accountSid: string, message: StoredMessage) {
  const uri = `/${API_VERSION}/Accounts/${accountSid}/Messages/${message.sid}.json`;
  return {
    account_sid: accountSid,
    api_version: API_VERSION,
    body: message.body,
    date_created: rfc2822(message.dateCreated),
    date_sent: message.dateSent && rfc2822(message.dateSent),
    date_updated: rfc2822(message.dateUpdated),
    direction: message.direction,
    error_code: message.errorCode,
    error_message: message.errorCode ? 'Unreachable destination handset' : null,
    from: message.from,
    messaging_service_sid: null,
    num_media: '0',
    num_segments: String(message.numSegments),
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: uri.replace(/\.json$/, '/Media.json') },
    to: message.to,
    uri,
  };
}

export function incomingNumberJson(accountSid: string, number: OwnedNumber) {
  const uri = `/${API_VERSION}/Accounts/${accountSid}/IncomingPhoneNumbers/${number.sid}.json`;
  return {
    account_sid: accountSid,
    address_requirements: 'none',
    api_version: API_VERSION,
    beta: false,
    capabilities: { voice: true, sms: true, mms: true, fax: false },
    date_created: rfc2822(number.dateCreated),
    date_updated: rfc2822(number.dateUpdated),
    friendly_name: number.friendlyName,
    origin: 'twilio',
    phone_number: number.phoneNumber,
    sid: number.sid,
    sms_fallback_method: number.smsFallbackMethod,
    sms_fallback_url: number.smsFallbackUrl,
    sms_method: number.smsMethod,
    sms_url: number.smsUrl,
    status: 'in-use',
    status_callback: number.statusCallback,
    status_callback_method: 'POST',
    voice_caller_id_lookup: false,
    voice_fallback_method: number.voiceFallbackMethod,
    voice_fallback_url: number.voiceFallbackUrl,
    voice_method: number.voiceMethod,
    voice_url: number.voiceUrl,
    uri,
  };
}

/**
 * A recording as Twilio shows it at /Recordings/{sid}.json, or under its call (`underCall`) at
 * /Calls/{CallSid}/Recordings/{sid}.json, whose shape has `track` and no media_url or subresources.
 */
export function recordingJson(accountSid: string, recording: StoredRecording, underCall = false) {
  const account = `/${API_VERSION}/Accounts/${accountSid}`;
  const uri = `${account}${underCall ? `/Calls/${recording.callSid}` : ''}/Recordings/${recording.sid}.json`;
  const common = {
    account_sid: accountSid,
    api_version: API_VERSION,
    call_sid: recording.callSid,
    channels: 1,
    conference_sid: null,
    date_created: rfc2822(recording.dateCreated),
    date_updated: rfc2822(recording.dateUpdated),
    duration: String(recording.duration),
    encryption_details: null,
    error_code: null,
    price: null,
    price_unit: 'USD',
    sid: recording.sid,
    source: 'RecordVerb',
    start_time: rfc2822(recording.startTime),
    status: 'completed',
    uri,
  };
  if (underCall) return { ...common, track: 'both' };
  const recordingPath = `${account}/Recordings/${recording.sid}`;
  return {
    ...common,
    media_url: recording.url,
    subresource_uris: {
      add_on_results: `${recordingPath}/AddOnResults.json`,
      transcriptions: `${recordingPath}/Transcriptions.json`,
    },
  };
}

export function availableNumberJson(phoneNumber: string) {
  return {
    friendly_name: friendlyName(phoneNumber),
    phone_number: phoneNumber,
    lata: null,
    locality: 'Sandbox',
    rate_center: null,
    latitude: null,
    longitude: null,
    region: null,
    postal_code: null,
    iso_country: 'US',
    address_requirements: 'none',
    beta: false,
    capabilities: { voice: true, SMS: true, MMS: true, fax: false },
  };
}

/** One page of `items` under `key`, with Twilio's paging fields; filters carry over to the other pages' URIs. */
export function page<T>(ctx: Context, key: string, items: T[], render: (item: T) => object) {
  const pageSize = Math.min(Math.max(Number(ctx.query.PageSize) || 50, 1), 1000);
  const pageNumber = Math.max(Number(ctx.query.Page) || 0, 0);
  const start = pageNumber * pageSize;
  const slice = items.slice(start, start + pageSize);
  const uriOf = (target: number) => {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(ctx.query)) {
      if (!['Page', 'PageSize', 'PageToken'].includes(name)) for (const one of [value ?? []].flat()) query.append(name, one);
    }
    query.set('PageSize', String(pageSize));
    query.set('Page', String(target));
    return `${ctx.path}?${query}`;
  };
  return {
    [key]: slice.map(render),
    end: start + Math.max(slice.length - 1, 0),
    first_page_uri: uriOf(0),
    next_page_uri: start + pageSize < items.length ? uriOf(pageNumber + 1) : null,
    page: pageNumber,
    page_size: pageSize,
    previous_page_uri: pageNumber > 0 ? uriOf(pageNumber - 1) : null,
    start,
    uri: uriOf(pageNumber),
  };
}
