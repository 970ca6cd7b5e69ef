// The words the offline assistant sends: greeting, the next question, prices from the price book,
// composed into one SMS that fits. Separate from the rules so every reply goes through compose()
// and stays GSM-7 and within MAX_ASSISTANT_REPLY.
import { MAX_ASSISTANT_REPLY, replyProblems, smsSafeText } from '../../domain/assistant-safety';
import type { BusinessProfile } from '../../domain/business-profile';
import { matchedAmounts, type PriceMatch } from '../../domain/price-match';
import type { LeadFields } from '../../contracts/conversation-workflow';
import type { Language } from './caller-intents';

export interface Voice {
  language: Language;
  business: string;
  assistant: string | undefined;
  tone: BusinessProfile['tone'];
}

export const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;

export function intro(voice: Voice, returningName: string | undefined): string {
  const { business, assistant } = voice;
  if (voice.language === 'es') {
    const who = assistant ? `Soy ${assistant} de ${business}.` : `Le escribe ${business}.`;
    return returningName ? `¡Hola de nuevo, ${firstName(returningName)}! ${who}` : `Hola, gracias por escribir. ${who}`;
  }
  const who = assistant ? `This is ${assistant} with ${business}.` : `This is ${business}.`;
  if (returningName) return `Welcome back, ${firstName(returningName)}! ${who}`;
  return voice.tone === 'brief' ? who : `Thanks for getting back to us! ${who}`;
}

/** Asks for what is missing, in order: the job, the name, the address; then says open times follow. */
export function nextQuestion(voice: Voice, lead: LeadFields, learned: boolean, greeted = false): string {
  const es = voice.language === 'es';
  const name = lead.callerName ? firstName(lead.callerName) : undefined;
  if (!lead.jobDescription) return es ? '¿En que le podemos ayudar?' : 'What can we help you with?';
  if (!name)
    return es ? `${learned ? 'Entendido. ' : ''}¿Me dice su nombre, por favor?` : `${learned ? 'Got it. ' : ''}May I have your name?`;
  const thanks = greeted ? '' : es ? `Gracias, ${name}. ` : `Thanks, ${name}. `;
  if (!lead.serviceAddress)
    return es ? `${thanks}¿Cual es la direccion donde necesita el trabajo?` : `${thanks}What is the address where you need the work done?`;
  return es
    ? `${thanks}Ahora le envio los proximos horarios libres de ${voice.business}.`
    : `${thanks}I'll text you the next open times at ${voice.business}.`;
}

/**
 * The answer to a price question: the matched entries (domain/price-match.ts) as written, or that
 * the owner will confirm the price. Pressed for a ballpark on a job the book does not price, it
 * says it cannot give one: the question asked is answered, never with another service's price.
 */
export function priceSentence(voice: Voice, match: PriceMatch, ballpark = false): string {
  const es = voice.language === 'es';
  // Only what the safety net would send as is: a note naming its own amount ("$20 off") or a waiver is left out.
  const quotable = matchedAmounts(match);
  const passes = (text: string) => replyProblems(text, quotable).length === 0;
  const quoted = match.entries
    .map((entry) => smsSafeText(`${entry.service}: ${entry.price}`))
    .map((text, i) => {
      const note = match.entries[i]!.note ? smsSafeText(match.entries[i]!.note!) : '';
      return note && passes(note) ? `${text} (${note})` : text;
    })
    .filter(passes)
    .slice(0, 2);
  if (quoted.length > 0) {
    return es
      ? `Precio en ${voice.business}: ${quoted.join('; ')}. El dueno confirma el precio final.`
      : `At ${voice.business}, ${quoted.join('; ')}. The owner confirms the final price.`;
  }
  if (match.basis === 'general') {
    return es
      ? `El dueno de ${voice.business} le confirmara el precio cuando sepamos el trabajo.`
      : `The owner of ${voice.business} will confirm the price once we know the job.`;
  }
  if (ballpark) {
    return es
      ? `No puedo darle un precio aproximado para eso: el dueno de ${voice.business} le confirmara el precio.`
      : `I can't give a ballpark for that one: the owner of ${voice.business} will confirm the price.`;
  }
  return es ? `El dueno de ${voice.business} le confirmara el precio.` : `The owner of ${voice.business} will confirm the price for that.`;
}

export interface Part {
  text: string;
  /** Dropped first when the reply would be too long. */
  optional?: boolean;
}

/** The SMS: GSM-7, single-spaced, at most MAX_ASSISTANT_REPLY characters (optional parts go first). */
export function compose(parts: Part[]): string {
  let kept = parts.filter((part) => part.text);
  const render = () => smsSafeText(kept.map((part) => part.text).join(' '));
  while (render().length > MAX_ASSISTANT_REPLY && kept.some((part) => part.optional)) {
    const index = kept.findIndex((part) => part.optional);
    kept = kept.filter((_, i) => i !== index);
  }
  const text = render();
  if (text.length <= MAX_ASSISTANT_REPLY) return text;
  const cut = text.slice(0, MAX_ASSISTANT_REPLY - 3);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1)).trimEnd()}...`;
}
