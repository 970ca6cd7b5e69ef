// Twilio's voice webhooks: each verifies (the router checked the signature), parses, calls one
// application function (api/inbound/calls.ts) and answers TwiML in milliseconds.
import type Router from '@koa/router';
import type { Context } from 'koa';
import twilio from 'twilio';
import { WEBHOOK_PATHS } from '../../contracts/webhook-paths';
import { validate } from '../errors';
import { callArrived, forwardedLegEnded, ownerAccepted, screeningFor, voicemailLeft } from '../inbound/calls';
import type { InboundContext } from '../inbound/context';
import { path, twiml } from './answer';
import { countMissedCall } from '../../observability/metrics';
import { dialResultParams, recordingParams, screenParams, screenResultParams, transcriptionParams, voiceParams } from './params';

/** How long the owner has to press 1 once their phone picks up. */
const SCREEN_TIMEOUT_SECONDS = 6;
const VOICEMAIL_MAX_SECONDS = 120;

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;

export function voiceRoutes(router: Router, { publicUrl, inbound }: { publicUrl: string; inbound: (ctx: Context) => InboundContext }) {
  const url = (full: string) => `${publicUrl}${full}`;

  /** After a missed call: a short message, then the caller may leave a voicemail (transcribed). */
  function voicemailPrompt(response: VoiceResponse, businessName: string, willText: boolean) {
    response.say(
      willText
        ? `Sorry, ${businessName} can't take your call right now. We'll text you in a moment. You can also leave a message after the tone.`
        : `Sorry, ${businessName} can't take your call right now. Please leave a message after the tone.`,
    );
    response.record({
      action: url(WEBHOOK_PATHS.voicemail),
      method: 'POST',
      maxLength: VOICEMAIL_MAX_SECONDS,
      playBeep: true,
      trim: 'trim-silence',
      transcribe: true,
      transcribeCallback: url(WEBHOOK_PATHS.transcription),
    });
    response.hangup();
  }

  // A call to the business number: forward it to the owner's cell, screened, for the ring timeout;
  // or, in "always text back" mode, straight to the text-back and voicemail. A withheld caller ID
  // is forwarded like any call; only the text-back needs a number.
  router.post(path(WEBHOOK_PATHS.voice), async (ctx) => {
    const params = validate(voiceParams, ctx.request.body);
    const arrival = await callArrived(inbound(ctx), { callSid: params.CallSid, from: params.From, to: params.To });
    const response = new twilio.twiml.VoiceResponse();
    if (!arrival.forward) {
      // A textable caller's missed call is counted as it is stored (observability/webhook-metrics.ts).
      if (!arrival.willText) countMissedCall('withheld');
      voicemailPrompt(response, arrival.businessName, arrival.willText);
      return twiml(ctx, response);
    }
    const { business } = arrival;
    const dial = response.dial({
      action: url(WEBHOOK_PATHS.dialResult),
      method: 'POST',
      timeout: business.settings.calls.ringTimeoutSeconds,
      answerOnBridge: true,
      callerId: business.businessPhone,
    });
    // The owner hears a whisper and must press 1: carrier voicemail cannot, so it counts as missed.
    dial.number({ url: url(WEBHOOK_PATHS.screen), method: 'POST' }, business.ownerPhone);
    twiml(ctx, response);
  });

  // The owner's leg picked up (the owner, or their carrier's voicemail): ask for a key press.
  router.post(path(WEBHOOK_PATHS.screen), async (ctx) => {
    const params = validate(screenParams, ctx.request.body);
    const { businessName } = await screeningFor(inbound(ctx), params.ParentCallSid);
    const response = new twilio.twiml.VoiceResponse();
    const gather = response.gather({
      numDigits: 1,
      timeout: SCREEN_TIMEOUT_SECONDS,
      action: url(WEBHOOK_PATHS.screenResult),
      method: 'POST',
    });
    gather.say(`Call for ${businessName}. Press 1 to accept.`);
    // Nothing pressed (a voicemail greeting does not press keys): hang up this leg; the caller's call is missed.
    response.hangup();
    twiml(ctx, response);
  });

  router.post(path(WEBHOOK_PATHS.screenResult), async (ctx) => {
    const params = validate(screenResultParams, ctx.request.body);
    const response = new twilio.twiml.VoiceResponse();
    if (params.Digits !== '1') {
      response.hangup();
      return twiml(ctx, response);
    }
    await ownerAccepted(inbound(ctx), params.ParentCallSid);
    // An empty response bridges the owner to the caller.
    twiml(ctx, response);
  });

  // The forwarded leg ended: answered (hang up), or missed (voicemail prompt; the text goes within seconds).
  router.post(path(WEBHOOK_PATHS.dialResult), async (ctx) => {
    const params = validate(dialResultParams, ctx.request.body);
    const outcome = await forwardedLegEnded(inbound(ctx), {
      callSid: params.CallSid,
      from: params.From,
      to: params.To,
      dialStatus: params.DialCallStatus,
    });
    const response = new twilio.twiml.VoiceResponse();
    if (outcome.missed) voicemailPrompt(response, outcome.businessName, outcome.willText);
    else response.hangup();
    if (outcome.missed && !outcome.willText) countMissedCall('withheld');
    twiml(ctx, response);
  });

  // The caller left a voicemail (the <Record> action). Nobody hears this answer: the caller hung up.
  router.post(path(WEBHOOK_PATHS.voicemail), async (ctx) => {
    const params = validate(recordingParams, ctx.request.body);
    await voicemailLeft(inbound(ctx), recording(params));
    const response = new twilio.twiml.VoiceResponse();
    response.hangup();
    twiml(ctx, response);
  });

  // Twilio's transcription of that voicemail, later.
  router.post(path(WEBHOOK_PATHS.transcription), async (ctx) => {
    const params = validate(transcriptionParams, ctx.request.body);
    await voicemailLeft(inbound(ctx), recording(params), params.TranscriptionStatus === 'completed' ? params.TranscriptionText : undefined);
    ctx.status = 204;
  });
}

function recording(params: { CallSid: string; RecordingSid: string; RecordingUrl: string; RecordingDuration?: number | undefined }) {
  return {
    callSid: params.CallSid,
    recordingSid: params.RecordingSid,
    recordingUrl: params.RecordingUrl,
    durationSeconds: params.RecordingDuration,
  };
}
