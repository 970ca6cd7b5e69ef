// The safety net's grounding rules (issue #15 points 4 and 5): a price may be stated only for the
// service asked about, however true it is for another; "bot or person?" is answered truthfully;
// a caller who asks for a call is handed to the owner (the handoff alerts them).
import { withProfileDefaults } from '../domain/business-profile';
import { botDisclosureReply } from '../domain/assistant-safety-disclosure';
import { VOICEMAIL_PREFIX, type TranscriptEntry } from '../contracts/conversation-workflow';
import type { ModelDecision, PromptContext } from './assistant-protocol';
import { guardDecision } from './assistant';

const context = (lead: PromptContext['lead'] = {}): PromptContext => ({
  business: withProfileDefaults(
    {
      priceBook: [
        { service: 'Drain cleaning', price: '$149' },
        { service: 'Service call', price: '$89', note: 'diagnosis visit' },
        { service: 'Water heater flush', price: '$120' },
        { service: 'Toilet repair', price: '$125-$225' },
      ],
    },
    { name: 'Ace Plumbing', trade: 'plumbing' },
  ),
  hours: 'Mon 08:00-17:00',
  timeZone: 'America/Chicago',
  now: 'Thu 2026-11-26 09:00',
  lead,
  returningCustomer: null,
});
const at = '2026-11-26T15:00:00Z';
const caller = (body: string): TranscriptEntry => ({ author: 'caller', body, at });
const assistant = (body: string): TranscriptEntry => ({ author: 'assistant', body, at });
const answer = (reply: string, overrides: Partial<ModelDecision> = {}): ModelDecision => ({
  reply,
  fields: { callerName: null, serviceAddress: null, jobDescription: null, urgency: null, preferredTime: null },
  nextAction: 'reply',
  emergency: false,
  optOut: false,
  declineReason: null,
  ...overrides,
});

describe('a price only for the service asked about', () => {
  test.each<[string, string, PromptContext['lead'], TranscriptEntry[], boolean]>([
    ['the entry asked about', 'Drain cleaning is $149.', {}, [caller('how much to unclog a drain?')], true],
    [
      'another entry, for a job the book does not price',
      'A drain cleaning is $149.',
      {},
      [caller('how much for a tankless water heater?')],
      false,
    ],
    ['another entry, for a listed job', 'The flush is $120.', {}, [caller('how much is drain cleaning?')], false],
    ['the call-out fee for an unlisted job', 'The service call is $89.', {}, [caller('how much to fix my leaky faucet?')], false],
    [
      'the call-out fee before any job is named',
      'Our service call is $89. What do you need done?',
      {},
      [caller('how much do you charge?')],
      true,
    ],
    [
      'the known job, when the message names none',
      'It would be $149.',
      { jobDescription: 'clogged kitchen drain' },
      [caller('how much?')],
      true,
    ],
    [
      'an earlier message names the job',
      'Toilet repair runs $125-$225.',
      {},
      [caller('my toilet keeps running'), assistant('May I have your name?'), caller('Dana. how much will it be?')],
      true,
    ],
    [
      'pressed for a ballpark on an unlisted job',
      'Roughly $89 to start.',
      { jobDescription: 'whole house repipe' },
      [caller('how much for a repipe?'), assistant('The owner will confirm.'), caller('just give me a ballpark')],
      false,
    ],
    ['Spanish, the entry asked about', 'La limpieza de drenaje cuesta $149.', {}, [caller('¿Cuánto cuesta destapar el desagüe?')], true],
    ['Spanish, another entry', 'El servicio cuesta $89.', {}, [caller('¿Cuánto cuesta un calentador sin tanque?')], false],
  ])('%s', (_what, reply, lead, transcript, allowed) => {
    const { decision, corrected } = guardDecision(answer(reply), context(lead), transcript);
    if (allowed) {
      expect(decision.reply).toBe(reply);
      expect(corrected).toEqual([]);
    } else {
      expect(decision.reply).toMatch(/owner will confirm the exact price|dueno le confirmara el precio/);
      expect(corrected).toEqual(['ungrounded_price']);
    }
  });

  test('an emergency reply quoting another service is replaced by the emergency text', () => {
    const { decision } = guardDecision(
      answer('Drain cleaning is $149, on our way', { emergency: true, nextAction: 'handoff' }),
      context(),
      [caller('gas smell in the kitchen, how much?')],
    );
    expect(decision.reply).toMatch(/call 911/);
  });
});

describe('"bot or person?" is answered truthfully', () => {
  test.each([
    ['am I talking to a bot?', 'This is Sam from Ace Plumbing! What can we help with?'],
    ['is this a real person?', "Yes, I'm a real person. What's the job?"],
    ["are you a bot? what's the price of drain cleaning", "I'm not a bot! Drain cleaning is $149."],
  ])('%j answered %j is replaced', (question, reply) => {
    const { decision, corrected } = guardDecision(answer(reply), context(), [caller(question)]);
    expect(decision.reply).toBe(botDisclosureReply('Ace Plumbing'));
    expect(decision.action).toBe('reply');
    expect(corrected).toContain('bot_not_disclosed');
  });

  test('in Spanish', () => {
    const { decision } = guardDecision(answer('¡Hola! Soy Sam. ¿En qué le ayudo?'), context(), [caller('¿eres un robot?')]);
    expect(decision.reply).toBe(botDisclosureReply('Ace Plumbing', true));
  });

  test('a truthful answer goes as written', () => {
    const reply = "Yes, I'm an automated assistant for Ace Plumbing. Want the owner to call you? Just say so.";
    expect(guardDecision(answer(reply), context(), [caller('am I talking to a bot?')])).toEqual({
      decision: expect.objectContaining({ reply, action: 'reply' }),
      corrected: [],
    });
  });

  test('with no valid model answer the fallback still says it is automated', () => {
    const { decision } = guardDecision(undefined, context(), [caller('is this a bot?')]);
    expect(decision).toMatchObject({
      action: 'handoff',
      reply: expect.stringMatching(/^I'm an automated assistant for Ace Plumbing\. Thanks/),
    });
  });

  test('a bot question that also asks for a call: disclosed, and handed to the owner', () => {
    const { decision, corrected } = guardDecision(answer('Sure, what is your address?'), context(), [
      caller('are you a robot? just have someone call me'),
    ]);
    expect(decision).toMatchObject({
      action: 'handoff',
      reply: expect.stringMatching(/^I'm an automated assistant for Ace Plumbing\. Sure\. I'm letting the owner/),
    });
    expect(corrected).toEqual(['bot_not_disclosed', 'callback_missed']);
  });
});

describe('a caller who wants a call is handed to the owner (who is alerted)', () => {
  test.each<[string, TranscriptEntry[]]>([
    ['asked in words', [caller('have someone call me please')]],
    ['yes to the offer', [caller('are you a bot?'), assistant(botDisclosureReply('Ace Plumbing')), caller('yes call me')]],
    ['a bare yes to the offer', [caller('are you a bot?'), assistant(botDisclosureReply('Ace Plumbing')), caller('yes')]],
    ['in Spanish', [caller('¿eres un robot?'), assistant(botDisclosureReply('Ace Plumbing', true)), caller('sí, que me llamen')]],
  ])('%s', (_what, transcript) => {
    const { decision, corrected } = guardDecision(answer('Got it! What is the address?'), context(), transcript);
    expect(decision.action).toBe('handoff');
    expect(decision.reply).toMatch(/letting the owner of Ace Plumbing know you'd like a call back|quiere una llamada/);
    expect(corrected).toEqual(['callback_missed']);
  });

  test("the model's own answer about the call goes as written, with the handoff", () => {
    const { decision } = guardDecision(answer("Sure, I'll ask the owner to call you."), context(), [caller('can you call me?')]);
    expect(decision).toMatchObject({ action: 'handoff', reply: "Sure, I'll ask the owner to call you." });
  });

  test.each([
    ['a bare yes to another question', [assistant('Is 12 Oak St the right address?'), caller('yes')]],
    ['a caller who does not want calls', [caller("don't call me, just text. my drain is clogged")]],
    // The text-back already answers a voicemail by text; its "call me back" is how voicemails end.
    ['"call me back" at the end of a voicemail', [caller(`${VOICEMAIL_PREFIX}Hi, my sink is backed up, call me back. Thanks`)]],
  ])('not a call request: %s', (_what, transcript) => {
    const { decision, corrected } = guardDecision(answer('Thanks! May I have your name?'), context(), transcript as TranscriptEntry[]);
    expect(decision.action).toBe('reply');
    expect(corrected).toEqual([]);
  });
});
