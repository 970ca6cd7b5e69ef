// What the assistant may text, whatever the model says (docs/product.md journey 4: "trustworthy first,
// helpful second"). The model is asked to follow these rules; this file enforces them, so a model
// that invents a price, promises a booking it did not make, offers a discount after a prompt
// injection or misses an emergency still cannot put any of that in a caller's phone.
import { dollarAmounts } from './business-profile';
import { gsm7Length, toGsm7 } from './gsm7';

/** The model name the offline rules assistant (sandbox/) answers with: such conversations are labelled offline. */
export const OFFLINE_ASSISTANT_MODEL = 'nmc-offline-rules';

/** An assistant text is at most two SMS segments. */
export const MAX_ASSISTANT_REPLY = 320;

// Words a caller uses when someone may be in danger or the property is being damaged right now.
const EMERGENCY = new RegExp(
  [
    String.raw`\bgas (smell|leak)`,
    String.raw`\bsmell(s|ing)? (of |like )?gas\b`,
    String.raw`\bcarbon monoxide\b`,
    String.raw`\bco (alarm|detector)\b`,
    String.raw`\bflood(ing|ed)?\b`,
    String.raw`\bburst (pipe|water)`,
    String.raw`\bpipe (burst|broke)`,
    String.raw`\bwater (is |keeps )?(pouring|gushing|spraying|everywhere)\b`,
    String.raw`\bpipe\b[^.!?]{0,20}\b(burst|broke|exploded|split)\b`,
    String.raw`\bsewage\b`,
    String.raw`\bsparks?\b`,
    String.raw`\bsparking\b`,
    String.raw`\bsmoke\b(?! (detector|alarm))`,
    String.raw`\bon fire\b`,
    String.raw`\bfire\b`,
    String.raw`\belectrocut`,
    String.raw`\bno heat\b`,
    String.raw`\brotten[- ]eggs?\b`,
    String.raw`\b(split|burst|busted|blew|ripped) open\b`,
    String.raw`\b(burst|busted|exploded|split) (water )?(pipe|line|hose)`,
    // A room filling with water, not a slow drain ("the tub fills with water when I shower").
    String.raw`\b(cabinet|basement|room|floor|house|kitchen|garage|crawl ?space|ceiling|closet|hallway|laundry)s?\b[^.!?]{0,20}\b(is |are )?(filling|filled) (up )?with water\b`,
    String.raw`\bwater (is )?(pouring|gushing|spraying|shooting|rising|coming) (up |out )?(in|out|everywhere|through|all over)`,
    // Standing water in a room: "an inch of water in the garage".
    String.raw`\b(inch|inches|foot|feet) of (standing )?water\b|\bankle[- ]deep\b`,
    String.raw`\bsewer (is )?back(ing|ed)? up (in|into|out)`,
    String.raw`\b(co|carbon monoxide|monoxide) (alarm|detector)s? (is |are |keeps? |just )?(going off|beeping|went off|sounding)`,
    // Spanish: a burst pipe, gas, sewage, flooding, sparks and fire, as callers write them.
    String.raw`\bfuga de gas\b`,
    String.raw`\b(huele|olor|apesta)( \p{L}+){0,2} a gas\b`,
    // Overflowing and not stopping, water spreading through the house: damage happening now.
    String.raw`\boverflow\w*\b[^.!?]{0,40}\b(won'?t|wont|will not|doesn'?t|does not|can'?t|not) stop`,
    String.raw`\bwater\b[^.!?]{0,15}\b(going|running|spreading|leaking) (all )?(down|across|into|through|all over) (the |my |our )?(hall|hallway|house|floor|room|kitchen|living|bedroom|garage|stairs)`,
    String.raw`\bagua (por todo|en todo) (el|la) (piso|casa|cuarto|ba[nñ]o|cocina)\b`,
    String.raw`\bhuevo podrido\b`,
    String.raw`\bse (revent[oó]|rompi[oó]|rajo|raj[oó]|parti[oó]|quebr[oó]) (un |el |la |una )?(tubo|tuber[ií]a|ca[nñ]o|manguera|pipa|l[ií]nea)`,
    String.raw`\b(tubo|tuber[ií]a|ca[nñ]o) (revent|se revent)`,
    String.raw`\breventad[oa]\b`,
    String.raw`\bagua por todos lados\b`,
    String.raw`\b(sale|brota|sale mucha) agua a chorros\b`,
    String.raw`\baguas negras\b`,
    String.raw`\bmon[oó]xido\b`,
    String.raw`\bchispas?\b`,
    String.raw`\b(incendio|fuego|humo)\b`,
    String.raw`\binund(aci[oó]n|ando|ad[oa]|[oó])(?![\p{L}\d])`,
    String.raw`\bemergenc(y|ia)\b`,
  ].join('|'),
  'iu',
);

/** The caller describes an emergency; the owner must hear about it at once. */
export function soundsLikeEmergency(message: string): boolean {
  return EMERGENCY.test(message);
}

// A refusal in plain words, English or Spanish. STOP-style keywords are domain/keywords.ts.
const PLAIN_OPT_OUT = new RegExp(
  [
    String.raw`\bleave me alone\b`,
    // About the texts, never the job: "the leak won't stop" is no refusal.
    String.raw`\b(stop|quit|cease) (texting|messaging|contacting|bothering|spamming|sending (me )?(texts|messages)) (me|us|this (number|phone)|my (number|phone))\b`,
    String.raw`\b(quit|stop) (texting|messaging)[.!]*$`,
    String.raw`\bdo ?n[o']?t (text|message|contact) me\b`,
    String.raw`\bnever (text|message|contact) me\b`,
    String.raw`\bno more (texts|messages|texting)\b`,
    String.raw`\bunsubscribe me\b`,
    String.raw`\btake (me|my number|this number|my phone( number)?) off\b`,
    String.raw`\bremove (me|my number|this number|my phone( number)?)\b`,
    String.raw`\bdo not (text|contact) list\b`,
    String.raw`\bno m[aá]s\b(?! (de|que|barato|caro|tarde|temprano|grande|peque))`,
    String.raw`\bno (me )?(escribas|escriba|escriban|mandes|mande|manden|env[ií]en|env[ií]e|molestes|moleste|molesten)( m[aá]s)?\b`,
    String.raw`\bno quiero (recibir )?(m[aá]s )?(mensajes|textos)\b`,
    String.raw`\bdej(a|e|en) de (escribir|mandar|enviar|molest)`,
    String.raw`\b(b[oó]rr|s[aá]qu)(a|e|en)me de (su|tu|la|sus) (lista|contactos|base)`,
    String.raw`\b(b[oó]rr|elimin)(a|e|en) mi n[uú]mero\b`,
    String.raw`\b(lose|delete|forget) my (number|contact)\b`,
    String.raw`\bd[eé]j(a|e|en)me en paz\b`,
    String.raw`\bbasta\b`,
  ].join('|'),
  'i',
);

/** The caller refuses further texts in plain words: treated exactly as STOP. */
export function isPlainOptOut(message: string): boolean {
  // Phones type curly apostrophes: "don’t text me" is the same refusal.
  return PLAIN_OPT_OUT.test(message.replace(/[\u2018\u2019\u02bc]/g, "'"));
}

const CLAIMS_BOOKING = new RegExp(
  [
    String.raw`\byou('| a)re (all )?(booked|scheduled|confirmed|set)\b`,
    String.raw`\b(is|are|been|got you) (booked|scheduled|confirmed)\b`,
    String.raw`\bappointment (is )?(booked|confirmed|set)\b`,
    String.raw`\bi('ve| have) (booked|scheduled)\b`,
    String.raw`\bbooking (is )?confirmed\b`,
    String.raw`\b(we|i)('ll| will) see you\b`,
    String.raw`\bsee you (on|at|tomorrow|today|then)\b`,
    // A promised arrival is a booking: "the plumber will be there tomorrow at 9".
    String.raw`\b(will|'ll) be (there|at your (place|house|home|door))\b`,
    String.raw`\b(cita|visita)\b[^.!?]{0,20}\b(confirmad|agendad|programad|reservad)[oa]\b`,
    String.raw`\b(queda|qued[oó]|est[aá]) (confirmad|agendad|programad|reservad)[oa]\b`,
    String.raw`\b(le|lo|la) (esperamos|vemos) (ma[nñ]ana|el|a las)\b`,
  ].join('|'),
  'i',
);
const PROMISES_DISCOUNT = new RegExp(
  [
    String.raw`\bdiscount`,
    String.raw`\b\d+ ?% ?(off|de descuento)\b`,
    String.raw`\bpercent off\b`,
    String.raw`\bfor free\b`,
    String.raw`\bfree of charge\b`,
    String.raw`\bno charge\b`,
    String.raw`\bwaive[ds]?\b`,
    String.raw`\bcoupon\b`,
    String.raw`\bpromo code\b`,
    String.raw`\bdescuento`,
    String.raw`\bsin (costo|cargo)\b`,
  ].join('|'),
  'i',
);
/** "Free" work; allowed only when the price book itself offers something free (e.g. free estimates). */
const PROMISES_FREE = /\b(free|gratis|gratuit[oa])\b/i;

export type ReplyProblem = 'empty' | 'json' | 'too_long' | 'ungrounded_price' | 'claims_booking' | 'promises_discount';

/** The reply in the SMS alphabet: straight quotes, no emoji, single spaces. */
export function smsSafeText(text: string): string {
  return toGsm7(text)
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

/** SMS segments a text takes (GSM-7: 160 alone, 153 each when split). */
export function segmentCount(text: string): number {
  const length = gsm7Length(text);
  if (length === Infinity) return Math.ceil([...text].length / 67) || 1;
  return length <= 160 ? 1 : Math.ceil(length / 153);
}

/**
 * What is wrong with a reply the model wants to send, if anything. `quotable` holds the cents the
 * price book allows; `bookingMade` is true only after the booking activity succeeded.
 */
export function replyProblems(
  reply: string,
  quotable: ReadonlySet<number>,
  bookingMade = false,
  { freeInPriceBook = false }: { freeInPriceBook?: boolean } = {},
): ReplyProblem[] {
  const problems: ReplyProblem[] = [];
  const text = reply.trim();
  if (text === '') return ['empty'];
  if (/^[[{]/.test(text) || /^```/.test(text) || /"\w+"\s*:/.test(text)) problems.push('json');
  if (text.length > MAX_ASSISTANT_REPLY) problems.push('too_long');
  if (moneyAmounts(text).some((cents) => !quotable.has(cents))) problems.push('ungrounded_price');
  if (!bookingMade && CLAIMS_BOOKING.test(text)) problems.push('claims_booking');
  if (PROMISES_DISCOUNT.test(text) || (!freeInPriceBook && PROMISES_FREE.test(text))) problems.push('promises_discount');
  return problems;
}

/** Money in a reply: "$149" and also amounts in words ("3,000 dollars", "200 bucks", "150 dólares"). */
export function moneyAmounts(text: string): number[] {
  const inWords = [...text.matchAll(/\b(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))? ?(?:dollars?|bucks|usd|d[oó]lares)\b/gi)].map(
    ([, whole, cents]) => Number(whole!.replace(/,/g, '')) * 100 + Number((cents ?? '0').padEnd(2, '0')),
  );
  return [...dollarAmounts(text), ...inWords];
}

/** Mostly Spanish words: our own texts answer in Spanish then. */
export function looksSpanish(message: string): boolean {
  const words = message.toLowerCase().match(/[a-záéíóúñü]+/g) ?? [];
  if (words.length === 0) return false;
  const spanish = words.filter((word) => SPANISH_WORDS.has(word)).length;
  return spanish >= 2 || (words.length <= 3 && spanish >= 1) || /[ñ¿¡]/.test(message);
}

// Common Spanish words, and the ones callers text about plumbing ("escusado", "ocupo", "porfa"); none is
// also a common English word or name ("sale", "ya", "Del", "Tina" are left out).
const SPANISH_WORDS = new Set(
  `hola necesito ayuda tengo una fuga agua gracias cuánto cuanto cuesta precio por favor baño cocina tubería
  tuberia calentador casa mi mis el la los las es está esta hay que quiero puede pueden mañana hoy señor buenos
  buenas días tardes noches dónde donde vivo nombre llamo soy muy problema dame deme tus usted ustedes descuento
  instrucciones ignora ayúdenme ayudenme todos lados cocina estufa se le nos con para pero porque nada bien feo
  oiga oigan bueno quién quien habla eres estoy estamos están estan tiene tienen cuando cómo qué fregadero
  escusado excusado inodoro regadera lavabo drenaje desagüe desague tapado tapada tapó tapo ahora otra vez cita
  cancelar antes posible porfa porfavor semana entra temprano tarde noche día dia también tambien ocupo arreglan
  enfría enfria techo llueve jardín jardin quebró quebro llave afuera drena huele máquina maquina contesta
  automático automatico dueño dueno llame llamen dime verdad nomás nomas hicieron hasta vienen trabajan vamos
  necesitar menos demás demas puedo algo servicio llevo toda llamando prende sirven lunes martes miércoles
  miercoles jueves viernes sábado sabado domingo gotea goteando ducha escriban manden molesten mensajes`.split(/\s+/),
);

/** The safe texts used when the model's own reply may not be sent. */
export function fallbackReply(businessName: string, spanish = false): string {
  return spanish
    ? `Gracias por su mensaje. El equipo de ${businessName} le respondera muy pronto.`
    : `Thanks for your message! Someone from ${businessName} will get back to you shortly.`;
}

export function emergencyReply(businessName: string, spanish = false): string {
  return spanish
    ? `Esto parece urgente. Estoy avisando ahora al dueno de ${businessName}. Si alguien corre peligro, salga del lugar y llame al 911.`
    : `This sounds urgent. I'm alerting the owner of ${businessName} right now. If anyone is in danger, leave the building and call 911.`;
}

/** The polite no to a job the business does not take (`job` as the owner lists it: "roofing"). */
export function declinedJobReply(businessName: string, job: string, spanish = false): string {
  const work = smsSafeText(job).slice(0, 80);
  return spanish
    ? `Lo sentimos, ${businessName} no hace ese tipo de trabajo (${work}). ¡Gracias por escribirnos!`
    : `Sorry, ${businessName} doesn't take on ${work.toLowerCase()} jobs, so we can't help with this one. Thanks for reaching out!`;
}

export function priceToConfirmReply(spanish = false): string {
  return spanish
    ? 'El dueno le confirmara el precio exacto. ¿Que trabajo necesita y en que direccion?'
    : "The owner will confirm the exact price for that. Meanwhile, tell me what you need done and I'll get you on the calendar.";
}

export function noDiscountReply(spanish = false): string {
  return spanish
    ? 'No puedo ofrecer descuentos; el dueno le confirmara el precio. ¿En que le podemos ayudar?'
    : "I can't offer discounts, but the owner will confirm pricing with you. What do you need help with?";
}

export function findingATimeReply(spanish = false): string {
  return spanish ? 'Voy a buscarle un horario disponible.' : 'Let me find you a time that works.';
}
