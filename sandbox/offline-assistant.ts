// The offline assistant: deterministic rules that answer in place of a model (sandbox mode without
// an OpenAI key, and the fake model server's fallback in tests). It reads the same prompt context
// and transcript a model gets and answers the same decision JSON, so one code path serves every
// mode. It says nothing it cannot keep: prices only from the price book, never "booked" (the
// workflow books, after the caller picks one of the real free slots it texts).
//
// This file holds the rules, in the order they are tried; what they read and write is in
// offline-assistant/ (caller-intents, name-and-address, owner-lists, lead-fields, wording).
import { declinedJobReply, emergencyReply, isPlainOptOut, smsSafeText } from '../domain/assistant-safety';
import {
  automatedAssistantSentence,
  botDisclosureReply,
  callBackReply,
  isBotQuestion,
  wantsOwnerCallBack,
} from '../domain/assistant-safety-disclosure';
import { declinedJobAsked } from '../domain/job-match';
import { matchPriceBook } from '../domain/price-match';
import { smsName } from '../domain/gsm7';
import {
  NOTE_PREFIX,
  OWNER_PREFIX,
  type AssistantAction,
  type ChatMessage,
  type ModelDecision,
  type PromptContext,
} from '../activities/assistant-protocol';
import { VOICEMAIL_PREFIX } from '../contracts/conversation-workflow';
import {
  ACKNOWLEDGEMENT,
  BALLPARK,
  HOURS_QUESTION,
  INJECTION,
  PRICE_QUESTION,
  REFUSAL,
  RESCHEDULE,
  RUDE,
  WHO_IS_THIS,
  isEmergency,
  language,
} from './offline-assistant/caller-intents';
import { NO_FIELDS, extract } from './offline-assistant/lead-fields';
import { outOfArea } from './offline-assistant/owner-lists';
import { compose, firstName, intro, nextQuestion, priceSentence, type Part, type Voice } from './offline-assistant/wording';

/** A decision that learned nothing and flags nothing, unless `more` says so. */
function decision(reply: string, nextAction: AssistantAction, more: Partial<ModelDecision> = {}): ModelDecision {
  return { reply, fields: { ...NO_FIELDS }, nextAction, emergency: false, optOut: false, declineReason: null, ...more };
}

/**
 * The assistant's answer to the latest caller message: the last `user` turn that is not a system
 * note. Pure and deterministic: the same context and transcript always give the same decision.
 */
export function offlineDecision(context: PromptContext, transcript: ChatMessage[]): ModelDecision {
  const callerMessages = transcript
    .filter((entry) => entry.role === 'user' && !entry.content.startsWith(NOTE_PREFIX))
    // Phones type curly apostrophes ("I’m", "don’t"): the rules are written with straight ones.
    .map((entry) => entry.content.replace(/[\u2018\u2019\u02BC\u0060\u00B4]/g, "'"))
    // A voicemail transcription is the caller's words like any text.
    .map((content) => (content.startsWith(VOICEMAIL_PREFIX) ? content.slice(VOICEMAIL_PREFIX.length) : content));
  const message = (callerMessages.at(-1) ?? '').trim();
  // Our own last text (not the owner's): a "yes" may be taking the call back it offered.
  const lastWeSaid =
    transcript.filter((entry) => entry.role === 'assistant' && !entry.content.startsWith(OWNER_PREFIX)).at(-1)?.content ?? '';
  const { business } = context;
  const voice: Voice = {
    language: language(callerMessages),
    business: smsName(business.name, 60),
    assistant: smsName(business.assistantName ?? '', 30, '').replace(/^the assistant$/i, '') || undefined,
    tone: business.tone,
  };
  const es = voice.language === 'es';
  const firstReply = callerMessages.length <= 1;
  const returningName = context.returningCustomer?.name?.trim() || undefined;

  if (isPlainOptOut(message)) return decision('', 'close', { optOut: true });

  if (isEmergency(message, context.now)) {
    const { fields } = extract(message, context, undefined);
    return decision(compose([{ text: emergencyReply(voice.business, es) }]), 'handoff', {
      emergency: true,
      fields: { ...fields, urgency: 'emergency' },
    });
  }

  if (INJECTION.test(message)) {
    // Never comply: no price change, no new persona, no prompt; back to the job, learning nothing from it.
    const steer = es
      ? `No puedo cambiar precios ni mis instrucciones, pero con gusto le ayudo con su trabajo.`
      : `I can't change prices or how I work, but I'm glad to help with your ${business.trade || 'service'} job.`;
    const qualified = Boolean(context.lead.jobDescription && context.lead.callerName && context.lead.serviceAddress);
    return decision(
      compose([
        { text: firstReply ? intro(voice, returningName) : '', optional: true },
        { text: steer },
        { text: nextQuestion(voice, context.lead, false) },
      ]),
      qualified ? 'offer_slots' : 'reply',
    );
  }

  if (REFUSAL.test(message)) {
    const reply = es
      ? `Entendido, disculpe la molestia. Gracias por avisar a ${voice.business}.`
      : `No problem, sorry to bother you. Thanks for letting ${voice.business} know!`;
    return decision(compose([{ text: reply }]), 'close');
  }

  if (RESCHEDULE.test(message)) {
    const reply = es
      ? `Claro. ¿Que le gustaria hacer: cambiar el dia o cancelar? Ya le avise al dueno de ${voice.business} y le respondera pronto.`
      : `Sure. What would you like to do: move it to another day, or cancel? I've let the owner of ${voice.business} know and they will follow up with you.`;
    return decision(compose([{ text: reply }]), 'handoff');
  }

  const { fields, lead, request } = extract(message, context, firstReply ? returningName : undefined);

  if (outOfArea(message, business)) {
    const area = smsSafeText(business.serviceArea.description || business.serviceArea.cities.join(', ')).slice(0, 100);
    const reply = es
      ? `Lo sentimos, ${voice.business} no trabaja en esa zona${area ? ` (cubrimos ${area})` : ''}, asi que no podemos ayudarle esta vez. ¡Gracias por escribirnos!`
      : `Sorry, ${voice.business} doesn't serve that area${area ? ` (we cover ${area})` : ''}, so we can't help with this one. Thanks for reaching out!`;
    return decision(compose([{ text: reply }]), 'close', { fields, declineReason: 'out_of_area' });
  }

  const declined = declinedJobAsked(request, business);
  if (declined) {
    return decision(compose([{ text: declinedJobReply(voice.business, declined, es) }]), 'close', {
      fields,
      declineReason: 'out_of_scope',
    });
  }

  const qualified = Boolean(lead.jobDescription && lead.callerName && lead.serviceAddress);
  const learned = Boolean(fields.callerName || fields.serviceAddress || fields.jobDescription);
  const parts: Part[] = [];
  const introduced = firstReply || WHO_IS_THIS.test(message);
  if (introduced) parts.push({ text: intro(voice, returningName), optional: !WHO_IS_THIS.test(message) });
  if (RUDE.test(message)) parts.push({ text: es ? 'Disculpe las molestias.' : "Sorry for the frustration, I'm here to help." });
  // "Call me back" ends most voicemails; the text-back answers it by text, so it is not a request to hand over.
  const fromVoicemail = transcript
    .filter((entry) => entry.role === 'user' && !entry.content.startsWith(NOTE_PREFIX))
    .at(-1)
    ?.content.startsWith(VOICEMAIL_PREFIX);
  const wantsCall = !fromVoicemail && wantsOwnerCallBack(message, lastWeSaid);
  // Asked "bot or person?": the truth, and the offer of a call back (unless they already asked for one).
  if (isBotQuestion(message))
    parts.push({ text: wantsCall ? automatedAssistantSentence(voice.business, es) : botDisclosureReply(voice.business, es) });
  if (HOURS_QUESTION.test(message) && context.hours)
    parts.push({ text: `${es ? 'Horario' : 'Our hours'}: ${context.hours}.`, optional: true });
  if (PRICE_QUESTION.test(message)) {
    // The job asked about: this message, else the known job, else what they said before.
    const match = matchPriceBook(business.priceBook, [message, lead.jobDescription, ...callerMessages.slice(0, -1).reverse()]);
    parts.push({ text: priceSentence(voice, match, BALLPARK.test(message)) });
  }
  if (wantsCall) {
    // A handoff: the workflow alerts the owner, who calls; the assistant stops here.
    parts.push({ text: callBackReply(voice.business, es) });
    return decision(compose(parts), 'handoff', { fields });
  }

  if (qualified && !learned && ACKNOWLEDGEMENT.test(message)) {
    const name = firstName(lead.callerName!);
    parts.push({ text: es ? `¡De nada, ${name}! Escribanos aqui cuando quiera.` : `You're welcome, ${name}! Text us here anytime.` });
    return decision(compose(parts), 'reply', { fields });
  }
  parts.push({ text: nextQuestion(voice, lead, learned, introduced && Boolean(returningName)) });
  // Job, name and address known: the workflow texts real free slots next (it alone books).
  return decision(compose(parts), qualified ? 'offer_slots' : 'reply', { fields });
}
