// Honest disclosure (issue #15 point 4; several US states require a bot to say it is one): asked
// whether it is a bot or a person, the assistant says it is an automated assistant for the business
// and offers a call back from the owner; a caller who asks for a call, or takes the offer, is
// handed to the owner (a handoff alerts them). The safety net (activities/assistant-safety-net.ts)
// enforces both whatever the model says; the offline assistant (sandbox/) answers the same way.
// English and Spanish, as callers write them (accents optional).

const BOT_QUESTION = new RegExp(
  [
    String.raw`\b(are|r) (you|u|ya)\b[^.?!]{0,12}\b(a |an )?(bot|robot|real|human|person|machine|ai|computer|automated|automatic)\b`,
    // Texted short: "u a bot?", "you a real person?", "this a bot?".
    String.raw`(^|[.!?]\s*)(u|you|ya|this|it) (a |an )?(bot|robot|machine|ai|computer|(real |live |actual )?(person|human))\b`,
    String.raw`\b(is|am) (this|it|i)( even| really| actually)? (a |an )?(bot|robot|(real |live |actual )?(person|human)|machine|ai|computer|automated|automatic|auto ?reply)\b`,
    String.raw`\bis (there|this) (a |an )?(real |live |actual )?(human|person)\b`,
    String.raw`\b(a |an )?(real |live |actual )?(human|person) (on the other end|reading th|typing|texting me|behind th)`,
    String.raw`\b(talking|texting|chatting|speaking) (to|with) (a |an )?(bot|robot|machine|computer|ai|(real |live |actual )?(person|human))\b`,
    String.raw`\b(bot|robot|machine|ai|computer) or (a |an )?(real |actual )?(human|person|real)\b`,
    String.raw`\b(human|person)\b[^.?!]{0,20}\bor (a |an )?(bot|robot|machine|ai|computer)\b`,
    String.raw`\b(eres|sos) (un |una )?(robot|bot|m[aá]quina|human[oa]|persona|real|autom[aá]tic[oa]|ia|inteligencia artificial)\b`,
    String.raw`\b(es|esto es) (usted )?(un |una )(robot|bot|m[aá]quina|persona|human[oa]|contestador)\b`,
    String.raw`(^|¿)\s*(esto )?es (un mensaje )?autom[aá]tico\b`,
    String.raw`\b(hablo|hablando|escribo|escribiendo|chateando) con (un |una )?(robot|bot|m[aá]quina|persona|human[oa]|ia)\b`,
  ].join('|'),
  'i',
);

/** The caller asks whether they are texting a bot or a person: "am I talking to a bot?", "¿eres un robot?". */
export function isBotQuestion(message: string): boolean {
  return BOT_QUESTION.test(plainApostrophes(message));
}

// The caller asks for a phone call from the business, in words.
const CALL_BACK = new RegExp(
  [
    String.raw`\bcall me\b`,
    String.raw`\b(give|gimme) (me|us) a (call|ring)\b`,
    String.raw`\b(can|could|would|will|pls|please) (you|someone|somebody|anyone|the owner|a person|a human|he|she|they) (please )?(call|phone|ring) (me|us)\b`,
    String.raw`\b(have|get|ask|let) (someone|somebody|the owner|a person|a human|him|her|them|the plumber|the tech) (to )?(call|phone|ring) (me|us)\b`,
    String.raw`\b(want|like|prefer|need|rather have|request) (a )?(phone )?call ?back\b`,
    String.raw`\b(want|like|prefer|rather have) a (phone )?call\b`,
    String.raw`\b(can|could|may) (i|we) (get|have) a (phone )?call( back)?\b`,
    String.raw`\b(just )?call (me|us) (instead|back|please|pls|asap|when you can)\b`,
    String.raw`\b(talk|speak) (to|with) (a |the )?(real |actual |live )?(person|human|owner|someone|somebody|manager)\b`,
    String.raw`\bll[aá]m(ame|eme|enme)\b`,
    String.raw`\bque me (llame|llamen|hable|hablen|marque|marquen)\b`,
    String.raw`\b(pueden|puede|podr[ií]an?) (llamarme|marcarme|hablarme)\b`,
    String.raw`\bme (puede|pueden|podr[ií]an?) (llamar|marcar)\b`,
    String.raw`\b(quiero|prefiero|necesito|me gustar[ií]a) una llamada\b`,
    String.raw`\bhablar con (una persona|alguien|el due[nñ]o|un humano|una persona real)\b`,
  ].join('|'),
  'i',
);
// "don't call me, just text", "no me llamen": never a call request, whatever else the message says.
const NO_CALL =
  /\b(don'?t|do not|dont|no need to|never|pls don'?t|please don'?t) (call|phone|ring)\b|\bno (me )?(llame|llamen|llames|marque|marquen)\b|\bno (quiero|necesito) (una )?llamada\b|\b(text|texts) only\b|\bjust text\b|\bcan'?t (talk|take (a |any )?calls?)\b/i;
// "yes" to our offer of a call back: the whole message, a yes and/or an agreeing phrase ("sure, that works").
const YES = String.raw`yes|yeah|yep|yup|ya|sure|ok(ay)?|please|perfect|great|cool|s[ií]|claro|dale|bueno|de acuerdo|perfecto|va|[oó]rale`;
const AGREES = String.raw`please( do)?|go ahead|do it|that would be great|(that|this|it) works( for me)?|works for me|sounds (good|great)|that'?s fine|fine by me|por favor|gracias|est[aá] bien|me parece( bien)?|me sirve|h[aá]galo`;
const ACCEPTS = new RegExp(String.raw`^(((${YES})[\s!.,]*)+((${AGREES})[\s!.,]*)*|((${AGREES})[\s!.,]*)+)$`, 'i');
// Our text offered a call back and asked ("Want the owner to call you back?").
const OFFERS_CALL = /\b(call you( back)?|a call ?back|le llame|te llame|una llamada)\b[^.!]*\?/i;

/**
 * The caller wants the owner to call: asked in words, or said yes to the call back our last text
 * offered (`lastWeSaid`). A handoff then alerts the owner.
 */
export function wantsOwnerCallBack(message: string, lastWeSaid = ''): boolean {
  const text = plainApostrophes(message.trim());
  if (NO_CALL.test(text)) return false;
  return CALL_BACK.test(text) || (ACCEPTS.test(text) && OFFERS_CALL.test(lastWeSaid));
}

const DISCLOSES =
  /\b(automated|automatic|virtual|ai|digital) (assistant|system|texting assistant)\b|\b(i'?m|i am) (a |an )?(bot|robot)\b|\basistente (autom[aá]tic[oa]|automatizad[oa]|virtual)\b|\bsoy (un )?(bot|robot)\b/i;
const DENIES =
  /\b(i'?m|i am|this is) (not (a |an )?(bot|robot|machine|ai|automated)|(a )?(real|live|actual) (person|human)|(a )?human( being)?)\b|\bnot (a )?(bot|robot)\b|\bno soy (un |una )?(bot|robot|m[aá]quina|asistente)\b|\bsoy (una )?(persona|human[oa])( real)?\b/i;

/** The reply says it is automated, and does not also claim to be a person. */
export function disclosesAutomation(reply: string): boolean {
  const text = plainApostrophes(reply);
  return DISCLOSES.test(text) && !DENIES.test(text);
}

/** "I'm an automated assistant for <business>.": the truthful answer, alone. */
export function automatedAssistantSentence(businessName: string, spanish = false): string {
  return spanish ? `Soy un asistente automatico de ${businessName}.` : `I'm an automated assistant for ${businessName}.`;
}

/** The answer to "are you a bot?": automated, the owner reads along, and a call back on request. */
export function botDisclosureReply(businessName: string, spanish = false): string {
  return spanish
    ? `${automatedAssistantSentence(businessName, true)} El dueno ve esta conversacion. ¿Quiere que el dueno le llame? Solo digalo.`
    : `${automatedAssistantSentence(businessName)} The owner sees this conversation. Want the owner to call you back? Just say so.`;
}

/** The answer to a call-back request; the handoff that goes with it alerts the owner. */
export function callBackReply(businessName: string, spanish = false): string {
  return spanish
    ? `Claro. Le aviso ahora al dueno de ${businessName} que quiere una llamada.`
    : `Sure. I'm letting the owner of ${businessName} know you'd like a call back.`;
}

/** The reply already speaks of a call: it may go with the handoff as written. */
export function mentionsCall(reply: string): boolean {
  return /\b(call|calls|calling|phone|ll[aá]m\w*)\b/i.test(reply);
}

function plainApostrophes(text: string): string {
  return text.replace(/[\u2018\u2019\u02bc`]/g, "'");
}
