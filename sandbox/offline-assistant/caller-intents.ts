// What the caller's words mean to the offline assistant: the intents its rules answer (a refusal,
// a reschedule, a price question...), the caller's language, and whether this is an emergency.
// Kept apart from the rules so offlineDecision in ../offline-assistant.ts reads as a list of answers.
// "Bot or person?" and "call me" are the safety net's rules too: they live in
// domain/assistant-safety-disclosure.ts (isBotQuestion, wantsOwnerCallBack).
import { looksSpanish, soundsLikeEmergency } from '../../domain/assistant-safety';

export type Language = 'en' | 'es';

/** Heating failures: an emergency in winter (pipes freeze, people get sick), an ordinary job otherwise. */
const NO_HEAT =
  /\b(no heat|heat(ing)? (is )?(out|off|not working|stopped|broken|broke)|furnace (is )?(out|dead|off|not working|stopped|broken|broke)|sin calefacci[oó]n)\b/gi;
export const REFUSAL =
  /\b(not interested|(?:dont|don't|do not) (?:want|need) (?:ur|your|you|you guys|y'?all)(?: service| help)?\b(?! to)|no thanks|no thank you|wrong number|already (found|hired|got|have|booked|called) (someone|somebody|a (plumber|electrician|guy|company|contractor|technician|tech|pro))|no me interesa|no,? gracias|n[uú]mero equivocado)\b/i;
export const INJECTION = new RegExp(
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
/** Moving or cancelling a visit, in any words (CANCEL alone is a keyword and never gets here): the owner follows up. */
export const RESCHEDULE = new RegExp(
  [
    String.raw`\bre-?schedul\w*`,
    String.raw`\b(move|change|cancel|push( back)?|bump|postpone|switch) (my|the|our|that|this|it|tomorrow'?s|today'?s) ?(appointment|appt|booking|visit|time|slot|plumber|guy|tech|day)?\b`,
    String.raw`\bcancel\b`,
    String.raw`\bcall (it )?off\b`,
    // "a different day instead", never "any other day is fine" (a time preference).
    String.raw`\b(a different|another) (day|time|date|week)\b(?! (is|works|would|will|should|sounds)\b)`,
    String.raw`\bsomething came up\b`,
    String.raw`\bcan'?t make it\b`,
    String.raw`\b(won'?t|will not|don'?t|do not|no longer) need (anyone|anybody|someone|somebody|the (plumber|visit|appointment|tech)|you( guys)?)\b`,
    String.raw`\breprogram\w*`,
    String.raw`\bcancel(ar|arla|arlo|en|e|o)?\b`,
    String.raw`\b(pasar|mover|cambiar|posponer|aplazar|recorrer|adelantar) (la|mi|su) (visita|cita)\b`,
    String.raw`\b(para|a|en) otr[oa] (d[ií]a|fecha|hora|semana)\b`,
    String.raw`\bya no (voy a |vamos a |lo |la )?necesit\w*`,
  ].join('|'),
  'i',
);
export const RUDE =
  /\b(f+u+c+k+\w*|fck\w*|wtf|shit\w*|bullshit|crap\w*|damn\w*|stupid|idiot\w*|dumb(ass)?|moron\w*|useless|screw you|(you|this) sucks?|hate you|pendej\w*|idiota|est[uú]pid\w*|mierda)\b/i;
/** Pressed for a ballpark ("roughly how much", "más o menos cuánto"): still a price question, answered as one. */
export const BALLPARK = new RegExp(
  [
    String.raw`\bball ?park`,
    String.raw`\broughly\b`,
    String.raw`\brough (idea|estimate|number|price|cost|guess|figure)\b`,
    String.raw`\bhow many dollars\b`,
    String.raw`\b(give|tell) me (a|your|a rough|your best) (number|figure|guess|range)\b`,
    String.raw`\b(just|only|at least) a (number|figure|guess|range)\b`,
    String.raw`\b(best|educated|wild) guess\b`,
    String.raw`\bprice range\b`,
    String.raw`\b(usually|typically) (cost|costs|run|runs|charge|go for)\b`,
    String.raw`\bwhat (does|would|will) (that|it|one) (run|set me back)\b`,
    String.raw`\bmore or less\b`,
    String.raw`\bapproximately\b`,
    String.raw`\baproximad\w*`,
    String.raw`\bm[aá]s o menos\b`,
    String.raw`\b(un|algún|algun) (estimado|aproximado|rango)\b`,
    String.raw`\buna idea\b`,
  ].join('|'),
  'i',
);
export const PRICE_QUESTION = new RegExp(
  String.raw`\b(how much|(?:hw|hou|haw|how) (?:much|mch|muc|mutch)|cost\w*|price\w*|pricing|charge\w*|rates?|fees?|estimate|quote|cu[aá]nto|cuesta|precios?|cobran?)\b|${BALLPARK.source}`,
  'i',
);
export const HOURS_QUESTION =
  /\b(what are your hours|(are|r) (you|u) open|when (are you|do you) open|opening hours|business hours|hours of operation|horario|est[aá]n abiertos)\b/i;
export const WHO_IS_THIS = /\b(who (is|'s) this|who are you|qui[eé]n (es|eres|habla)|what (company|business) is this)\b/i;
export const ACKNOWLEDGEMENT =
  /^(ok(ay)?|k|kk|thanks?( you)?( so much| very much)?|thx|ty|great|perfect|cool|awesome|sounds good|got it|will do|gracias|muchas gracias|vale|bueno|listo|perfecto|de acuerdo)[\s!.,]*$/i;
export const GREETING_ONLY =
  /^(hi|hello|hey|hiya|yo|hola|good (morning|afternoon|evening)|buen(os|as) (d[ií]as|tardes|noches)|buenas)[\s!.,]*$/i;

export const JOB_WORDS = new RegExp(
  String.raw`\b(leak\w*|drip\w*|clog\w*|drain\w*|sinks?|toilets?|faucets?|taps?|showers?|tubs?|bathtubs?|pipes?|plumb\w*|water heater|heaters?|boilers?|furnaces?|a/?c|air ?con\w*|hvac|thermostats?|heat(ing)?|cooling|outlets?|switch(es)?|breakers?|panels?|wiring|wires?|lights?|fixtures?|fans?|locks?|locked out|keys?|doors?|windows?|garage|clean\w*|install\w*|replac\w*|repair\w*|fix\w*|broke\w*|not working|stopped working|won'?t (start|turn on|drain|flush|open|close|lock|work|stop|heat|cool)|doesn'?t work|disposal|dishwasher|washer|dryer|roof\w*|gutters?|mold|sewer|septic|backed up|overflow\w*|fugas?|gote\w*|tuber[ií]as?|ba[nñ]os?|inodoros?|lavabos?|fregaderos?|calentador|regadera|ducha|drenaje|tapad[oa]|luz|enchufes?|cerraduras?|llaves?|arregl\w*|repar\w*|instal\w*|rot[oa]s?|no funciona)\b`,
  'i',
);

/** Winter where our businesses are (Nov-Mar); unknown dates count as winter, the safe side. */
function isWinter(now: string): boolean {
  const month = /\b\d{4}-(\d{2})-\d{2}\b/.exec(now)?.[1];
  return month === undefined || [11, 12, 1, 2, 3].includes(Number(month));
}

/** The safety net's emergency words, or no heat in winter (the NO_HEAT note above says why). */
export function isEmergency(message: string, now: string): boolean {
  const withoutHeating = message.replace(NO_HEAT, ' ');
  if (soundsLikeEmergency(withoutHeating)) return true;
  return withoutHeating !== message && isWinter(now);
}

/** Phrases only a Spanish speaker writes, beyond the word count of looksSpanish. */
const SPANISH_CUES = /\b(me llamo|mi nombre es|necesito|quiero|por favor|ll[aá]meme|cu[aá]nto cuesta|no funciona|d[eé]jame)\b/i;
const ENGLISH =
  /\b(the|my|is|i|i'?m|need|have|has|you|your|it'?s|and|please|thanks|thank|yes|hi|hello|what|how|much|can|this|that|with|are|was|our|help|leak\w*|water|broken|not|working)\b/i;

/** The caller's language: their latest message that clearly is Spanish or English decides. */
export function language(callerMessages: string[]): Language {
  for (const message of [...callerMessages].reverse()) {
    if (looksSpanish(message) || SPANISH_CUES.test(message)) return 'es';
    if (ENGLISH.test(message)) return 'en';
  }
  return 'en';
}
