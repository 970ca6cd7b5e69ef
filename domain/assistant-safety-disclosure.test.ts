// Honest disclosure: which messages ask "bot or person?", which ask for a call (or take our offer
// of one), and which replies answer truthfully. English and Spanish, with the look-alikes that
// must not count.
import { gsm7Length } from './gsm7';
import {
  botDisclosureReply,
  callBackReply,
  disclosesAutomation,
  isBotQuestion,
  mentionsCall,
  wantsOwnerCallBack,
} from './assistant-safety-disclosure';

test.each([
  ['am I talking to a bot?', true],
  ['Is this a real person?', true],
  ['are you a bot', true],
  ['r u a robot lol', true],
  ['are you even real?', true],
  ['Are you human?', true],
  ['is this automated?', true],
  ['is this an automated message', true],
  ['is this AI?', true],
  ['Am I texting a real human or a machine', true],
  ['person or bot?', true],
  ['bot or human?', true],
  ['is this an actual human texting me or a computer', true],
  ['computer or an actual person?', true],
  ['is there a human on the other end of this?', true],
  ['is a real person reading these?', true],
  ['¿eres un robot?', true],
  ['eres robot?', true],
  ['¿Es una persona real?', true],
  ['¿Estoy hablando con una persona?', true],
  ['¿hablo con un bot?', true],
  ['¿Es automático?', true],
  ['¿Eres humano?', true],
  // Texted short.
  ['u a bot?', true],
  ['you a real person?', true],
  ['this a bot', true],
  // Look-alikes.
  ['is it possible to have a person come out tomorrow', false],
  ['are you available for a quick job today?', false],
  ['is this Ace Plumbing?', false],
  ['my water heater is automatic and it broke', false],
  ['el calentador es automático', false],
  ['the robot vacuum clogged my drain', false],
  ['you a plumber?', false],
  ['this a good time to text?', false],
  ['who is this', false],
])('bot question: %j -> %j', (message, expected) => {
  expect(isBotQuestion(message)).toBe(expected);
});

const OFFER = botDisclosureReply('Ace Plumbing');
const OFERTA = botDisclosureReply('Ace Plumbing', true);

test.each<[string, string, boolean]>([
  ['yes call me', '', true],
  ['Call me back please', '', true],
  ['have someone call me', '', true],
  ['can the owner call me?', '', true],
  ['Could you give me a call', '', true],
  ["I'd like a call back", '', true],
  ['I want to talk to a real person', '', true],
  ['let me speak with the owner', '', true],
  ['sí, que me llamen', '', true],
  ['llámeme por favor', '', true],
  ['¿Me pueden llamar?', '', true],
  ['pueden llamarme mañana', '', true],
  ['Quiero hablar con una persona', '', true],
  ['prefiero una llamada', '', true],
  ['can i get a call instead', '', true],
  ['just call me instead', '', true],
  // Yes to the offer our last text made.
  ['yes', OFFER, true],
  ['Yes please!', OFFER, true],
  ['sure', OFFER, true],
  ['sí', OFERTA, true],
  ['Sí, por favor', OFERTA, true],
  ['sure, that works', OFFER, true],
  ['that works for me', OFFER, true],
  ['ok sounds good', OFFER, true],
  ['sí, está bien', OFERTA, true],
  ['me parece bien', OFERTA, true],
  // Not a call request.
  ['sure, my sink is leaking', OFFER, false],
  ['no thanks', OFFER, false],
  ['that works', 'What is the address where you need the work done?', false],
  ['yes', 'What is the address where you need the work done?', false],
  ['yes', '', false],
  ["don't call me, just text", '', false],
  ['Please do not call me, I am at work', '', false],
  ['no me llamen, solo mensajes', '', false],
  ['I need a service call for my water heater', '', false],
  ["I'll call back later", '', false],
  ['can I get a service call scheduled', '', false],
  ['my drain is clogged', OFFER, false],
])('call back: %j after %j -> %j', (message, lastWeSaid, expected) => {
  expect(wantsOwnerCallBack(message, lastWeSaid)).toBe(expected);
});

test.each([
  ["I'm an automated assistant for Ace Plumbing.", true],
  ['Yes, this is an automated assistant. The owner reads every message.', true],
  ['I am a bot working for Ace Plumbing', true],
  ['Soy un asistente automatico de Ace Plumbing.', true],
  ['Soy un asistente virtual.', true],
  // Evasions and lies.
  ['This is Sam with Ace Plumbing! What can we help with?', false],
  ["No, I'm a real person! What's the job?", false],
  ["I'm not a bot, I'm Sam.", false],
  ['Ha, I am an automated assistant... just kidding, I am human', false],
  ['Soy Sam, una persona real.', false],
  ['No soy un robot.', false],
])('discloses: %j -> %j', (reply, expected) => {
  expect(disclosesAutomation(reply)).toBe(expected);
});

test.each([false, true])(
  'the disclosure and call-back texts (Spanish: %j) disclose, fit one or two segments, and read as a call',
  (spanish) => {
    const disclosure = botDisclosureReply('Ace Plumbing & Heating of Greater Austin', spanish);
    expect(disclosesAutomation(disclosure)).toBe(true);
    expect(gsm7Length(disclosure)).toBeLessThanOrEqual(160);
    const callBack = callBackReply('Ace Plumbing & Heating of Greater Austin', spanish);
    expect(mentionsCall(callBack)).toBe(true);
    expect(gsm7Length(callBack)).toBeLessThanOrEqual(160);
  },
);
