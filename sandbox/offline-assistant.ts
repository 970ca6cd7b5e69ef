// The offline assistant: deterministic rules that answer in place of a model (sandbox mode without
// an OpenAI key, and the fake model server's fallback in tests). It reads the same prompt context
// and transcript a model gets and answers the same decision JSON, so one code path serves every
// mode. It says nothing it cannot keep: prices only from the price book, never "booked" (the
// workflow books, after the caller picks one of the real free slots it texts).
import {
  MAX_ASSISTANT_REPLY,
  emergencyReply,
  isPlainOptOut,
  looksSpanish,
  replyProblems,
  smsSafeText,
  soundsLikeEmergency,
} from '../domain/assistant-safety';
import { quotableAmounts, type BusinessProfile, type PriceBookEntry } from '../domain/business-profile';
import { smsName } from '../domain/gsm7';
import {
  NOTE_PREFIX,
  type AssistantAction,
  type ChatMessage,
  type ModelDecision,
  type PromptContext,
} from '../activities/assistant-protocol';
import { VOICEMAIL_PREFIX, type LeadFields } from '../workflows/messages';

type Language = 'en' | 'es';
type Fields = ModelDecision['fields'];

const NO_FIELDS: Fields = { callerName: null, serviceAddress: null, jobDescription: null, urgency: null, preferredTime: null };

// ---- What the caller's words mean ----

/** Heating failures: an emergency in winter (pipes freeze, people get sick), an ordinary job otherwise. */
const NO_HEAT =
  /\b(no heat|heat(ing)? (is )?(out|off|not working|stopped|broken|broke)|furnace (is )?(out|dead|off|not working|stopped|broken|broke)|sin calefacci[oó]n)\b/gi;
const REFUSAL =
  /\b(not interested|no thanks|no thank you|wrong number|already (found|hired|got|have|booked|called) (someone|somebody|a (plumber|electrician|guy|company|contractor|technician|tech|pro))|no me interesa|no,? gracias|n[uú]mero equivocado)\b/i;
const INJECTION = new RegExp(
  [
    String.raw`\bignore (all |any |your |the |my |previous |prior |above |earlier )*(instructions|rules|prompts?|directions)`,
    String.raw`\bdisregard (all |any |your |the |previous |prior |above )*(instructions|rules|prompts?)`,
    String.raw`\bforget (all |any |your |the |previous )*(instructions|rules)`,
    String.raw`\byou are now\b`,
    String.raw`\byou're now\b`,
    String.raw`\bfrom now on,? you\b`,
    String.raw`\bsystem prompt\b`,
    String.raw`\b(reveal|show|print|repeat) (me )?(your|the) (prompt|instructions|rules)`,
    String.raw`\b(new|updated) instructions\b`,
    String.raw`\bdeveloper mode\b`,
    String.raw`\bjailbreak`,
    String.raw`\bpretend (to be|you are|you're)\b`,
    String.raw`\bact as (an? |the )?(admin|owner|developer|system|different)`,
    String.raw`\bgive me (a |an )?(discount|deal|coupon|promo|free|\d+ ?(%|percent))`,
    String.raw`\b(discounts?|coupons?|promo codes?)\b`,
    String.raw`\b(for|do it|make it) free\b`,
    String.raw`\bignora (tus|las) instrucciones\b`,
    String.raw`\bdescuento\b`,
  ].join('|'),
  'i',
);
const RESCHEDULE =
  /\b(re-?schedul\w*|(move|change|cancel|push( back)?) (my|the|our|that|this) (appointment|appt|booking|visit|time|slot)|cancel (it|the job|my job)|reprogramar|cambiar (la|mi) cita|cancelar (la|mi) cita)\b/i;
const RUDE =
  /\b(f+u+c+k+\w*|fck\w*|wtf|shit\w*|bullshit|crap\w*|damn\w*|stupid|idiot\w*|dumb(ass)?|moron\w*|useless|screw you|(you|this) sucks?|hate you|pendej\w*|idiota|est[uú]pid\w*|mierda)\b/i;
const PRICE_QUESTION = /\b(how much|cost\w*|price\w*|pricing|charge\w*|rates?|fees?|estimate|quote|cu[aá]nto|cuesta|precios?|cobran?)\b/i;
const HOURS_QUESTION =
  /\b(what are your hours|(are|r) (you|u) open|when (are you|do you) open|opening hours|business hours|hours of operation|horario|est[aá]n abiertos)\b/i;
const WHO_IS_THIS = /\b(who (is|'s) this|who are you|qui[eé]n (es|eres|habla)|what (company|business) is this)\b/i;
const BOT_QUESTION =
  /\b(are (you|u) (a )?(bot|robot|real|human|person|machine|ai)|is this (a )?(bot|robot|real person|human|automated)|eres (un )?robot)\b/i;
const CALL_ME = /\b(call me( back)?|give me a call|can (you|someone) call|ll[aá]m[ae]me)\b/i;
const ACKNOWLEDGEMENT =
  /^(ok(ay)?|k|kk|thanks?( you)?( so much| very much)?|thx|ty|great|perfect|cool|awesome|sounds good|got it|will do|gracias|muchas gracias|vale|bueno|listo|perfecto|de acuerdo)[\s!.,]*$/i;
const GREETING_ONLY = /^(hi|hello|hey|hiya|yo|hola|good (morning|afternoon|evening)|buen(os|as) (d[ií]as|tardes|noches)|buenas)[\s!.,]*$/i;

const JOB_WORDS = new RegExp(
  String.raw`\b(leak\w*|drip\w*|clog\w*|drain\w*|sinks?|toilets?|faucets?|taps?|showers?|tubs?|bathtubs?|pipes?|plumb\w*|water heater|heaters?|boilers?|furnaces?|a/?c|air ?con\w*|hvac|thermostats?|heat(ing)?|cooling|outlets?|switch(es)?|breakers?|panels?|wiring|wires?|lights?|fixtures?|fans?|locks?|locked out|keys?|doors?|windows?|garage|clean\w*|install\w*|replac\w*|repair\w*|fix\w*|broke\w*|not working|stopped working|won'?t (start|turn on|drain|flush|open|close|lock|work|stop|heat|cool)|doesn'?t work|disposal|dishwasher|washer|dryer|roof\w*|gutters?|mold|sewer|septic|backed up|overflow\w*|fugas?|gote\w*|tuber[ií]as?|ba[nñ]os?|inodoros?|lavabos?|fregaderos?|calentador|regadera|ducha|drenaje|tapad[oa]|luz|enchufes?|cerraduras?|llaves?|arregl\w*|repar\w*|instal\w*|rot[oa]s?|no funciona)\b`,
  'i',
);

/** Words that are never part of a caller's name (so "I'm Home" or "this is urgent" are not names). */
const NOT_A_NAME = new Set(
  `a an the and or but so just not no yes yeah yep ok okay sure hi hello hey hola thanks thank gracias please sorry here there home
  back out in at on from with for to of by about still also very really too looking calling texting writing trying wondering
  having getting going interested available located based ready free busy done fine good great well new urgent desperate outside
  inside upstairs downstairs sick stuck waiting away leaving late early glad happy currently my your our this that it is was be
  been need needs help leak leaking water sink toilet drain pipe heater call me you we they he she i im its yo who what why when
  where how huh lol nope maybe cancel stop help info start today tomorrow tonight morning afternoon evening now later soon asap
  monday tuesday wednesday thursday friday saturday sunday weekend soy de la el en un una mi su que con por para y o pero bien
  mal aqui si`.split(/\s+/),
);

const WORD = /[\p{L}][\p{L}'-]*/u;

function titleCase(word: string): string {
  if (word === word.toLowerCase() || word === word.toUpperCase()) return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
  return word;
}

/** One or two name words from the start of `text`, or undefined when the first is not a name. */
function nameAt(text: string, requireCapital: boolean): string | undefined {
  const words: string[] = [];
  for (const token of text.split(/\s+/).slice(0, 2)) {
    const word = token.replace(/[.,!?;:]+$/, '');
    const ended = word !== token;
    if (!word || !new RegExp(`^${WORD.source}$`, 'u').test(word) || NOT_A_NAME.has(word.toLowerCase())) break;
    if (requireCapital && !/^\p{Lu}/u.test(word)) break;
    words.push(titleCase(word));
    if (ended) break;
  }
  return words.length > 0 ? words.join(' ') : undefined;
}

const NAME_SAID = /\b(my name is|my name's|name is|name's|me llamo|mi nombre es)\s+/gi;
const NAME_INTRODUCED = /\b(this is|i am|i'm|im|it's|its|soy)\s+/gi;

interface Found {
  value: string;
  start: number;
  end: number;
}

function findName(message: string): Found | undefined {
  for (const [pattern, requireCapital] of [
    [NAME_SAID, false],
    [NAME_INTRODUCED, true],
  ] as const) {
    for (const match of message.matchAll(pattern)) {
      const from = match.index + match[0].length;
      const name = nameAt(message.slice(from), requireCapital);
      if (name) return { value: name, start: match.index, end: from + sourceLength(message.slice(from), name) };
    }
  }
  // "Dana here" / "Dana Smith here"
  const signed = /^\s*([\p{L}][\p{L}'-]*(?:\s+[\p{L}][\p{L}'-]*)?)\s+here\b/iu.exec(message);
  const name = signed ? nameAt(signed[1]!, false) : undefined;
  if (signed && name && name.split(' ').length === signed[1]!.split(/\s+/).length) return { value: name, start: 0, end: signed[0].length };
  return undefined;
}

/** How many characters of `text` the (title-cased) name words took. */
function sourceLength(text: string, name: string): number {
  const words = name.split(' ').length;
  const match = new RegExp(String.raw`^\s*\S+${String.raw`\s+\S+`.repeat(words - 1)}`).exec(text);
  return match ? match[0].replace(/[.,!?;:]+$/, '').length : 0;
}

/** A bare name, answering "May I have your name?": "Dana", "dana smith". */
function bareName(message: string): string | undefined {
  const text = message.trim().replace(/[.!]+$/, '');
  const words = text.split(/\s+/);
  if (words.length === 0 || words.length > 3 || /\d/.test(text) || JOB_WORDS.test(text)) return undefined;
  if (!words.every((word) => new RegExp(`^${WORD.source}$`, 'u').test(word) && !NOT_A_NAME.has(word.toLowerCase()))) return undefined;
  return words.map(titleCase).join(' ');
}

const STREET_TYPES =
  'st|street|ave|avenue|av|rd|road|dr|drive|ln|lane|blvd|boulevard|way|ct|court|pl|place|trl|trail|pkwy|parkway|hwy|highway|cir|circle|ter|terrace|loop|sq|square|pike|plaza|plz|cres|crescent|aly|alley|expy|expressway|fwy|freeway|xing|crossing';
// A house number, up to four words that are not small linking words, and a street type: "12 Oak Street".
const ADDRESS_CORE = new RegExp(
  String.raw`\b\d{1,6}[A-Za-z]?(?:-\d{1,4})?\s+(?:(?!(?:on|at|in|and|or|the|is|my|near|by|for|with|to)\b)[A-Za-z0-9.'-]+\s+){0,4}?(?:${STREET_TYPES})\b\.?`,
  'i',
);
// What may follow the street, case-sensitive so only a capitalised town counts: ", Apt 4B, Austin, TX 78701".
const ADDRESS_TAIL =
  /^(?:,?\s*(?:[Aa]pt|APT|[Aa]partment|[Uu]nit|UNIT|[Ss]uite|[Ss]te|#)\.?\s*#?[A-Za-z0-9-]+)?(?:,\s*[A-Z][a-zA-Z.'-]*(?:\s+[A-Z][a-z][a-zA-Z.'-]*){0,2})?(?:,?\s+[A-Z]{2}\b)?(?:,?\s+\d{5}(?:-\d{4})?\b)?/;
/** When we just asked for the address, a reply that starts with a house number is one: "45 Elm, by the school". */
const ADDRESS_ANSWER_LEAD =
  /^(?:(?:it'?s|it is|we'?re|we are|i'?m|i am|address(?: is)?:?|the address is|located|at|vivo|es|la direcci[oó]n es|en)\s+)*/i;

function findAddress(message: string, justAsked: boolean): Found | undefined {
  const core = ADDRESS_CORE.exec(message);
  if (core) {
    const tail = ADDRESS_TAIL.exec(message.slice(core.index + core[0].length))?.[0] ?? '';
    const value = (core[0] + tail).trim();
    return { value, start: core.index, end: core.index + core[0].length + tail.length };
  }
  if (!justAsked) return undefined;
  const lead = ADDRESS_ANSWER_LEAD.exec(message.trim())?.[0] ?? '';
  const rest = message.trim().slice(lead.length);
  if (!/^\d{1,6}[A-Za-z]?\s+\p{L}/u.test(rest)) return undefined;
  const value = rest
    .split(/[!?\n]|\.(?:\s|$)/)[0]!
    .trim()
    .slice(0, 120);
  const start = message.indexOf(rest);
  return { value, start, end: start + value.length };
}

/** Five-digit numbers that are ZIP codes, not house numbers ("12345 Main St"). */
function zipCodes(message: string): string[] {
  const zips: string[] = [];
  for (const match of message.matchAll(/\b(\d{5})(?:-\d{4})?\b/g)) {
    const before = message.slice(0, match.index);
    const after = message.slice(match.index + match[0].length);
    const labelled = /\b(zip(\s*code)?(\s+is)?|c[oó]digo postal|in|en)[\s:#,]*$/i.test(before) || /\b[A-Z]{2},?\s*$/.test(before);
    if (labelled || !/^\s+[A-Za-z]/.test(after)) zips.push(match[1]!);
  }
  return zips;
}

const CITY_LEAD = /\b(i'?m|i am|we'?re|we are|located|live|living|based|estoy|vivo|estamos)\s+(?:located\s+|based\s+)?(in|en)\s+/gi;
const NOT_A_CITY = new Set('the a an my our your need trouble pain here there no not bed town charge'.split(' '));

/** Towns the caller says they are in: "I'm in Round Rock", "located in Dallas, TX". */
function statedCities(message: string): string[] {
  const cities: string[] = [];
  for (const match of message.matchAll(CITY_LEAD)) {
    const city = /^[A-Z][a-zA-Z.'-]*(?:\s+[A-Z][a-z][a-zA-Z.'-]*){0,2}/.exec(message.slice(match.index + match[0].length))?.[0];
    if (city && !NOT_A_CITY.has(city.toLowerCase())) cities.push(city);
  }
  return cities;
}

const plain = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Whether the message places the job outside the service area (a ZIP or a named town not served). */
function outOfArea(message: string, business: BusinessProfile): boolean {
  const { zipCodes: servedZips, cities: servedCities, description } = business.serviceArea;
  let outside = false;
  let inside = false;
  if (servedZips.length > 0) {
    for (const zip of zipCodes(message)) {
      if (servedZips.some((served) => served.trim().slice(0, 5) === zip)) inside = true;
      else outside = true;
    }
  }
  if (servedCities.length > 0) {
    const described = ` ${plain(description)} `;
    for (const city of statedCities(message)) {
      const name = plain(city.replace(/\s+[A-Z]{2}$/, ''));
      const served = servedCities.some((served) => plain(served) === name) || described.includes(` ${name} `);
      if (served) inside = true;
      else outside = true;
    }
  }
  return outside && !inside;
}

// ---- Matching the caller's words to the owner's lists (price book, jobs taken and declined) ----

const STOP_WORDS = new Set(
  `a an the and or of for to in on at my our your with from per each any all is are be it this that i me we you do does can how much
  what cost costs price prices pricing charge fee fees rate rates quote estimate get need want please just some about like
  el la los las un una de del para por mi su que cuanto cuesta precio con en y o es`.split(/\s+/),
);

function stem(word: string): string {
  let base = word;
  for (const suffix of ['ations', 'ation', 'ments', 'ment', 'ings', 'ing', 'ers', 'er', 'ies', 'es', 'ed', 's']) {
    if (base.endsWith(suffix) && base.length - suffix.length >= 3) {
      base = base.slice(0, -suffix.length);
      break;
    }
  }
  return base.length > 3 && base.endsWith('e') ? base.slice(0, -1) : base;
}

function stems(text: string): string[] {
  return [
    ...new Set(
      plain(text)
        .split(' ')
        .filter((word) => word && !STOP_WORDS.has(word))
        .map(stem),
    ),
  ];
}

/** Words that say what kind of work, not which: alone they never pick a price or decline a job. */
const WEAK_STEMS = new Set(
  'repair fix install replace service work job call visit hour clean new general basic standard inspection check maintenance minimum out trip diagnostic first additional emergency small large'
    .split(' ')
    .map(stem),
);

interface ServiceMatch {
  /** Service words found in the message. */
  matched: number;
  /** Of those, words that name the kind of job ("drain", not "cleaning"). */
  strong: number;
  /** Strong words the service has. */
  strongTotal: number;
  total: number;
}

function serviceMatch(service: string, said: ReadonlySet<string>): ServiceMatch {
  const words = stems(service);
  const strongWords = words.filter((word) => !WEAK_STEMS.has(word));
  return {
    matched: words.filter((word) => said.has(word)).length,
    strong: strongWords.filter((word) => said.has(word)).length,
    strongTotal: strongWords.length,
    total: words.length,
  };
}

/** A price-book service the caller named: one of its telling words ("drain"), or all its words when it has only generic ones. */
const names = (match: ServiceMatch) => match.total > 0 && (match.strong > 0 || (match.strongTotal === 0 && match.matched === match.total));

function pricesFor(priceBook: PriceBookEntry[], ...texts: (string | undefined)[]): PriceBookEntry[] {
  for (const text of texts) {
    if (!text) continue;
    const said = new Set(stems(text));
    const scored = priceBook.map((entry) => ({ entry, match: serviceMatch(entry.service, said) })).filter(({ match }) => names(match));
    if (scored.length === 0) continue;
    const best = Math.max(...scored.map(({ match }) => match.matched));
    return scored.filter(({ match }) => match.matched === best).map(({ entry }) => entry);
  }
  return [];
}

/** A declined job the message asks for, unless a job the business takes fits it at least as well. */
function declinedJob(message: string, business: BusinessProfile): string | undefined {
  const said = new Set(stems(message));
  const taken = Math.max(0, ...business.jobsTaken.map((job) => serviceMatch(job, said)).map((match) => (names(match) ? match.matched : 0)));
  let declined: { job: string; score: number } | undefined;
  for (const job of business.jobsDeclined) {
    const match = serviceMatch(job, said);
    const asked = match.strongTotal > 0 ? match.strong >= Math.min(2, match.strongTotal) : match.total > 0 && match.matched === match.total;
    if (asked && match.matched > taken && match.matched > (declined?.score ?? 0)) declined = { job, score: match.matched };
  }
  return declined?.job;
}

function talksAboutJobs(text: string, business: BusinessProfile): boolean {
  if (JOB_WORDS.test(text)) return true;
  const said = new Set(stems(text));
  return [...business.jobsTaken, ...business.priceBook.map((entry) => entry.service)].some((job) => serviceMatch(job, said).strong > 0);
}

// ---- Fields ----

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

function preferredTime(text: string): string | null {
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
    .replace(/[\s,;:-]*\b(at|on|in|en|and|y|the address is)?[\s,;:-]*$/i, '')
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

function extract(message: string, context: PromptContext, returningName: string | undefined): Extracted {
  const known = context.lead;
  const askedName = Boolean(known.jobDescription) && !known.callerName;
  const askedAddress = Boolean(known.jobDescription && known.callerName) && !known.serviceAddress;
  const name = findName(message);
  const address = findAddress(message, askedAddress);
  const fields: Fields = { ...NO_FIELDS };

  const callerName = name?.value ?? (askedName && !address ? bareName(message) : undefined);
  if (callerName && !known.callerName) fields.callerName = callerName;
  else if (!known.callerName && returningName) fields.callerName = returningName;
  if (address && !known.serviceAddress) fields.serviceAddress = address.value;

  if (!known.jobDescription) {
    const rest = jobPart(withoutSpans(message, [name, address]));
    const chatter = GREETING_ONLY.test(rest) || ACKNOWLEDGEMENT.test(rest) || CALL_ME.test(rest) || WHO_IS_THIS.test(rest);
    const describesWork = talksAboutJobs(rest, context.business);
    const plainRequest =
      !name &&
      !address &&
      !callerName &&
      rest.split(/\s+/).length >= 3 &&
      !chatter &&
      !PRICE_QUESTION.test(rest) &&
      !HOURS_QUESTION.test(rest);
    if (rest && (describesWork || plainRequest) && !BOT_QUESTION.test(rest)) fields.jobDescription = rest.slice(0, 200);
  }
  const timeText = withoutSpans(message, [address]);
  fields.urgency = urgency(timeText);
  fields.preferredTime = preferredTime(timeText);

  const lead: LeadFields = { ...known };
  for (const key of ['callerName', 'serviceAddress', 'jobDescription', 'preferredTime'] as const) if (fields[key]) lead[key] = fields[key];
  if (fields.urgency) lead.urgency = fields.urgency;
  return { fields, lead, request: withoutSpans(message, [name, address]) };
}

// ---- Words we send ----

interface Voice {
  language: Language;
  business: string;
  assistant: string | undefined;
  tone: BusinessProfile['tone'];
}

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;

function intro(voice: Voice, returningName: string | undefined): string {
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
function nextQuestion(voice: Voice, lead: LeadFields, learned: boolean, greeted = false): string {
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

function priceSentence(voice: Voice, entries: PriceBookEntry[], quotable: ReadonlySet<number>): string {
  const es = voice.language === 'es';
  // Only what the safety net would send as is: a note naming its own amount ("$20 off") or a waiver is left out.
  const passes = (text: string) => replyProblems(text, quotable).length === 0;
  const quoted = entries
    .map((entry) => smsSafeText(`${entry.service}: ${entry.price}`))
    .map((text, i) => {
      const note = entries[i]!.note ? smsSafeText(entries[i]!.note!) : '';
      return note && passes(note) ? `${text} (${note})` : text;
    })
    .filter(passes)
    .slice(0, 2);
  if (quoted.length === 0) {
    return es
      ? `El dueno de ${voice.business} le confirmara el precio.`
      : `The owner of ${voice.business} will confirm the price for that.`;
  }
  return es
    ? `Precio en ${voice.business}: ${quoted.join('; ')}. El dueno confirma el precio final.`
    : `At ${voice.business}, ${quoted.join('; ')}. The owner confirms the final price.`;
}

interface Part {
  text: string;
  /** Dropped first when the reply would be too long. */
  optional?: boolean;
}

/** The SMS: GSM-7, single-spaced, at most MAX_ASSISTANT_REPLY characters (optional parts go first). */
function compose(parts: Part[]): string {
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

// ---- The rules ----

function decision(reply: string, nextAction: AssistantAction, more: Partial<ModelDecision> = {}): ModelDecision {
  return { reply, fields: { ...NO_FIELDS }, nextAction, emergency: false, optOut: false, declineReason: null, ...more };
}

/** Winter where our businesses are (Nov-Mar); unknown dates count as winter, the safe side. */
function isWinter(now: string): boolean {
  const month = /\b\d{4}-(\d{2})-\d{2}\b/.exec(now)?.[1];
  return month === undefined || [11, 12, 1, 2, 3].includes(Number(month));
}

function isEmergency(message: string, now: string): boolean {
  const withoutHeating = message.replace(NO_HEAT, ' ');
  if (soundsLikeEmergency(withoutHeating)) return true;
  return withoutHeating !== message && isWinter(now);
}

/** Phrases only a Spanish speaker writes, beyond the word count of looksSpanish. */
const SPANISH_CUES = /\b(me llamo|mi nombre es|necesito|quiero|por favor|ll[aá]meme|cu[aá]nto cuesta|no funciona|d[eé]jame)\b/i;
const ENGLISH =
  /\b(the|my|is|i|i'?m|need|have|has|you|your|it'?s|and|please|thanks|thank|yes|hi|hello|what|how|much|can|this|that|with|are|was|our|help|leak\w*|water|broken|not|working)\b/i;

/** The caller's language: their latest message that clearly is Spanish or English decides. */
function language(callerMessages: string[]): Language {
  for (const message of [...callerMessages].reverse()) {
    if (looksSpanish(message) || SPANISH_CUES.test(message)) return 'es';
    if (ENGLISH.test(message)) return 'en';
  }
  return 'en';
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

  const declined = declinedJob(request, business);
  if (declined) {
    const job = smsSafeText(declined).slice(0, 80);
    const reply = es
      ? `Lo sentimos, ${voice.business} no hace ese tipo de trabajo (${job}). ¡Gracias por escribirnos!`
      : `Sorry, ${voice.business} doesn't take on ${job.toLowerCase()} jobs, so we can't help with this one. Thanks for reaching out!`;
    return decision(compose([{ text: reply }]), 'close', { fields, declineReason: 'out_of_scope' });
  }

  const qualified = Boolean(lead.jobDescription && lead.callerName && lead.serviceAddress);
  const learned = Boolean(fields.callerName || fields.serviceAddress || fields.jobDescription);
  const parts: Part[] = [];
  const introduced = firstReply || WHO_IS_THIS.test(message);
  if (introduced) parts.push({ text: intro(voice, returningName), optional: !WHO_IS_THIS.test(message) });
  if (RUDE.test(message)) parts.push({ text: es ? 'Disculpe las molestias.' : "Sorry for the frustration, I'm here to help." });
  if (BOT_QUESTION.test(message)) {
    parts.push({
      text: es
        ? `Soy un asistente automatico de ${voice.business}; el dueno ve esta conversacion.`
        : `I'm an automated assistant for ${voice.business}; the owner sees this conversation.`,
    });
  }
  if (HOURS_QUESTION.test(message) && context.hours)
    parts.push({ text: `${es ? 'Horario' : 'Our hours'}: ${context.hours}.`, optional: true });
  if (PRICE_QUESTION.test(message))
    parts.push({ text: priceSentence(voice, pricesFor(business.priceBook, message, lead.jobDescription), quotableAmounts(business)) });
  if (CALL_ME.test(message)) {
    parts.push({
      text: es ? `Le aviso al dueno que quiere una llamada.` : `I'll let the owner know you'd like a call back.`,
    });
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
