// The lead fields one caller message gives (name, address, job, urgency, preferred time), merged
// with what the conversation already knew. What is asked for next depends on what is known, so a
// bare name or number counts only right after we asked for it.
import type { ModelDecision, PromptContext } from '../../activities/assistant-protocol';
import type { LeadFields } from '../../contracts/conversation-workflow';
// The sandbox process, not a workflow: chrono-node (behind readTimePreference) may load here.
import { readTimePreference } from '../../domain/time-preferences';
import { zonedInstant } from '../../domain/time-zone';
import { isBotQuestion, wantsOwnerCallBack } from '../../domain/assistant-safety-disclosure';
import { ACKNOWLEDGEMENT, GREETING_ONLY, HOURS_QUESTION, PRICE_QUESTION, RUDE, WHO_IS_THIS } from './caller-intents';
import { bareName, findAddress, findName, nameBeforeAddress, type Found } from './name-and-address';
import { talksAboutJobs } from './owner-lists';

export type Fields = ModelDecision['fields'];

export const NO_FIELDS: Fields = { callerName: null, serviceAddress: null, jobDescription: null, urgency: null, preferredTime: null };

const URGENCY_FLEXIBLE = /\b(no rush|no hurry|not urgent|whenever|flexible|any ?time|next week|sin prisa|cuando sea|no es urgente)\b/i;
const URGENCY_SOON =
  /\b(asap|a\.s\.a\.p|urgent\w*|right away|right now|today|tonight|as soon as possible|quickly|hoy|urgente|pronto|lo antes posible)\b/i;
const PREFERRED_TIME = new RegExp(
  [
    String.raw`(?:this|tomorrow|today)\s+(?:morning|afternoon|evening|night)`,
    String.raw`tomorrow|today|tonight|this weekend|next week|this week`,
    String.raw`(?:next\s+|this\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:\s+(?:morning|afternoon|evening))?`,
    String.raw`(?:after|before|around|by)\s+\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.?|p\.m\.?)?`,
    String.raw`(?:at\s+)?\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.?|p\.m\.?)`,
    String.raw`(?:in the\s+)?(?:morning|afternoon|evening)s?`,
    String.raw`ma[nñ]ana(?:\s+por la\s+(?:ma[nñ]ana|tarde|noche))?`,
    String.raw`esta (?:tarde|noche|semana)|el fin de semana|(?:el\s+)?(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo)`,
  ]
    .map((alternative) => String.raw`(?<![\p{L}\d])(?:${alternative})(?![\p{L}\d])`)
    .join('|'),
  'giu',
);

/** The prompt's "now" ("Tuesday 2026-11-24 10:12", the business's local time) as an instant. */
function instantOf(now: string, timeZone: string): Date | undefined {
  const match = /\b(\d{4}-\d{2}-\d{2})\b(?:\D+(\d{1,2}):(\d{2}))?/.exec(now);
  if (!match) return undefined;
  try {
    return zonedInstant(match[1]!, Number(match[2] ?? 12) * 60 + Number(match[3] ?? 0), timeZone);
  } catch {
    return undefined;
  }
}

/**
 * When the caller would like the visit, in their words as the workflow will read them again
 * (domain/time-preferences.ts: "not Monday" is a day ruled out, never Monday; "ASAP", "soonest").
 * Without a date to read from, or when it finds nothing, the plain phrases above.
 */
function preferredTime(text: string, context: PromptContext): string | null {
  const now = instantOf(context.now, context.timeZone);
  const read = now ? readTimePreference(text, { now, timeZone: context.timeZone }) : undefined;
  if (read) return read.phrase.replace(/[\s,.;:!?]+$/, '').slice(0, 80);
  const found = [...new Set([...text.matchAll(PREFERRED_TIME)].map((match) => match[0].trim()))];
  return found.length > 0 ? found.join(' ').slice(0, 80) : null;
}

function urgency(text: string): Fields['urgency'] {
  if (URGENCY_FLEXIBLE.test(text)) return 'flexible';
  if (URGENCY_SOON.test(text)) return 'soon';
  return null;
}

function withoutSpans(message: string, spans: (Found | undefined)[]): string {
  let text = message;
  for (const span of spans.filter((found): found is Found => Boolean(found)).sort((a, b) => b.start - a.start)) {
    text = `${text.slice(0, span.start)} , ${text.slice(span.end)}`;
  }
  return text;
}

const PRICE_LEAD =
  /^(how much (is it |are you |would it be |will it be )?(for|to|is|are|do you charge( for| to)?)|how much would it cost( to)?|what do you charge( for| to)?|what does it cost( to)?|what is the price (of|for)|cu[aá]nto cuesta( el| la| un| una)?|cu[aá]nto cobran( por)?( el| la| un| una)?)\s+/i;

/** What the message says about the job once the name, address, greetings and insults are taken out. */
function jobPart(text: string): string {
  const clauses = text.split(/(?<=[,.!?;])\s+/);
  const civil = clauses.filter((clause) => !RUDE.test(clause));
  return (civil.length > 0 ? civil : clauses)
    .join(' ')
    .replace(/^[\s,.;:!-]*(hi|hello|hey|hola|good (morning|afternoon|evening)|buen(os|as) (d[ií]as|tardes|noches))\b/i, '')
    .replace(/\s*,(\s*,)+/g, ',')
    .replace(/\s+,/g, ',')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,.;:!-]*((and|also|but|y|pero)\b)?[\s,.;:-]*/i, '')
    .replace(
      /(?:[\s,;:-]*\b(?:at|on|in|en|and|y|the address is|my address is|address|i live|we live|live|located|vivo|vivimos|mi direcci[oó]n es|direcci[oó]n)\b)*[\s,;:-]*$/i,
      '',
    )
    .replace(PRICE_LEAD, '')
    .replace(/\s*\?+$/, '')
    .trim();
}

interface Extracted {
  fields: Fields;
  /** The lead as known after this message. */
  lead: LeadFields;
  /** The message without the caller's name and address: what they ask for. */
  request: string;
}

export function extract(message: string, context: PromptContext, returningName: string | undefined): Extracted {
  const known = context.lead;
  const askedName = Boolean(known.jobDescription) && !known.callerName;
  const askedAddress = Boolean(known.jobDescription && known.callerName) && !known.serviceAddress;
  const address = findAddress(message, askedAddress);
  const name = findName(message) ?? (address ? nameBeforeAddress(message, address) : undefined);
  const fields: Fields = { ...NO_FIELDS };

  const callerName = name?.value ?? (askedName && !address ? bareName(message) : undefined);
  if (callerName && !known.callerName) fields.callerName = callerName;
  else if (!known.callerName && returningName) fields.callerName = returningName;
  if (address && !known.serviceAddress) fields.serviceAddress = address.value;

  if (!known.jobDescription) {
    const rest = jobPart(withoutSpans(message, [name, address]));
    const chatter = GREETING_ONLY.test(rest) || ACKNOWLEDGEMENT.test(rest) || wantsOwnerCallBack(rest) || WHO_IS_THIS.test(rest);
    const describesWork = talksAboutJobs(rest, context.business);
    const plainRequest =
      !name &&
      !address &&
      !callerName &&
      rest.split(/\s+/).length >= 3 &&
      !chatter &&
      !PRICE_QUESTION.test(rest) &&
      !HOURS_QUESTION.test(rest);
    if (rest && (describesWork || plainRequest) && !isBotQuestion(rest)) fields.jobDescription = rest.slice(0, 200);
  }
  const timeText = withoutSpans(message, [address]);
  fields.urgency = urgency(timeText);
  fields.preferredTime = preferredTime(timeText, context);

  const lead: LeadFields = { ...known };
  for (const key of ['callerName', 'serviceAddress', 'jobDescription', 'preferredTime'] as const) if (fields[key]) lead[key] = fields[key];
  if (fields.urgency) lead.urgency = fields.urgency;
  return { fields, lead, request: withoutSpans(message, [name, address]) };
}
