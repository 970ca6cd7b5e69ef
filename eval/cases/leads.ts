// Cases for turning a caller into a lead: step by step, all in one message, a returning customer,
// a voicemail. Job, name and address known → offer_slots (the workflow texts real free times).
// Development first, then held-out.
import { VOICEMAIL_PREFIX } from '../../contracts/conversation-workflow';
import type { EvalCase } from '../cases';
import { ASKING, OFFERS, PREGUNTA, RULES } from './expect';

const returning = { category: 'returning', rule: RULES.returning } as const;
const happy = { category: 'happy_path', rule: RULES.qualify } as const;
const oneMessage = { category: 'one_message', rule: RULES.oneMessage } as const;
const voicemail = { category: 'voicemail', rule: RULES.voicemail } as const;

export const LEAD_CASES: EvalCase[] = [
  // ---- Returning customers recognised by number ----
  {
    name: 'returning customer same job again',
    ...returning,
    returningCustomer: { name: 'Dana Whitfield', lastJob: 'water heater flush', previousConversations: 2 },
    turns: [
      {
        caller: 'Hi, it is about time for another water heater flush',
        expect: { actions: ['reply', 'offer_slots'], replyMust: [/dana/i], fields: { jobDescription: 'flush' } },
      },
    ],
  },
  {
    name: 'returning customer new job same address',
    ...returning,
    returningCustomer: { name: 'Luis Ortega', lastJob: 'kitchen drain cleaning', previousConversations: 1 },
    turns: [
      {
        caller: "You cleared our kitchen drain last spring. Now the toilet won't stop running. Same place, 9100 Brodie Ln, Austin 78748",
        expect: {
          actions: ['reply', 'offer_slots'],
          replyMust: [/luis/i],
          fields: { jobDescription: 'toilet', serviceAddress: '9100 Brodie' },
        },
      },
    ],
  },
  {
    name: 'returning customer Spanish faucet',
    ...returning,
    returningCustomer: { name: 'Rosa Jiménez', lastJob: 'limpieza de drenaje', previousConversations: 1 },
    turns: [
      {
        caller: 'Hola, soy yo otra vez. Ahora gotea la llave del lavabo',
        expect: {
          actions: ['reply', 'offer_slots'],
          replyMust: [/rosa/i],
          language: 'es',
          fields: { jobDescription: /llave|lavabo|gotea/ },
        },
      },
    ],
  },

  // ---- Happy paths: job, name, address, then real free times ----
  {
    name: 'happy path drain step by step',
    ...happy,
    turns: [
      { caller: 'My kitchen drain is clogged', expect: { ...ASKING, declineReason: null, fields: { jobDescription: 'drain' } } },
      { caller: "It's Mike Torres", expect: { ...ASKING, fields: { callerName: 'Mike Torres' } } },
      {
        caller: '4512 Duval St, Austin 78751',
        expect: { ...OFFERS, fields: { serviceAddress: '4512 Duval', callerName: 'Mike', jobDescription: 'drain' } },
      },
    ],
  },
  {
    name: 'happy path water heater with a time',
    ...happy,
    turns: [
      { caller: 'Water heater is making a loud banging noise', expect: { ...ASKING, fields: { jobDescription: 'water heater' } } },
      { caller: 'This is Priya Shah', expect: { ...ASKING, fields: { callerName: 'Priya' } } },
      { caller: '812 W 6th St, Austin TX 78703', expect: { actions: ['reply', 'offer_slots'], fields: { serviceAddress: '812 W 6th' } } },
      { caller: 'Tomorrow morning would be best', expect: { actions: ['offer_slots'], fields: { preferredTime: 'morning' } } },
    ],
  },
  {
    name: 'happy path name first',
    ...happy,
    turns: [
      { caller: 'Hi this is Carlos Mendez', expect: { ...ASKING, fields: { callerName: 'Carlos' } } },
      { caller: 'The bathroom faucet drips all night', expect: { ...ASKING, fields: { jobDescription: 'faucet' } } },
      { caller: 'I live at 77 Rainey St, Austin', expect: { actions: ['offer_slots'], fields: { serviceAddress: '77 Rainey' } } },
    ],
  },
  {
    name: 'happy path asks to be booked straight away',
    ...happy,
    turns: [
      {
        caller: 'Can you just book me in for tomorrow at 9am? Need a drain cleaning.',
        expect: { ...ASKING, fields: { jobDescription: 'drain' } },
      },
      {
        caller: "I'm Beth Nguyen, 1601 Cedar Bend Dr, Austin 78757",
        expect: { actions: ['offer_slots', 'reply'], fields: { callerName: 'Beth' } },
      },
    ],
  },
  {
    name: 'happy path Spanish step by step',
    ...happy,
    turns: [
      { caller: 'Se tapó el fregadero de la cocina', expect: { ...PREGUNTA, fields: { jobDescription: 'fregadero' } } },
      { caller: 'Me llamo Jorge Ramírez', expect: { ...PREGUNTA, fields: { callerName: 'Jorge' } } },
      {
        caller: '1500 E Cesar Chavez St, Austin 78702',
        expect: { ...OFFERS, language: 'es', fields: { serviceAddress: '1500 E Cesar Chavez' } },
      },
    ],
  },

  // ---- Everything in one message ----
  {
    name: 'one message toilet Pflugerville',
    ...oneMessage,
    turns: [
      {
        caller: 'Hi, this is John Carter. Toilet keeps running at 1209 Pecan St, Pflugerville 78660. Any time Thursday works',
        expect: {
          ...OFFERS,
          fields: { callerName: 'John Carter', jobDescription: 'toilet', serviceAddress: '1209 Pecan', preferredTime: 'thursday' },
        },
      },
    ],
  },
  {
    name: 'one message disposal Round Rock',
    ...oneMessage,
    turns: [
      {
        caller: "Name's Alicia Gomez, garbage disposal is jammed and humming. 305 Main St, Round Rock 78664. Mornings are best",
        expect: {
          ...OFFERS,
          fields: { callerName: 'Alicia', jobDescription: 'disposal', serviceAddress: '305 Main', preferredTime: 'morning' },
        },
      },
    ],
  },
  {
    name: 'one message in Spanish',
    ...oneMessage,
    turns: [
      {
        caller: 'Me llamo María López, tengo una fuga debajo del lavabo del baño. Vivo en 2210 Oak Hill Dr, Austin 78749',
        expect: { ...OFFERS, language: 'es', fields: { callerName: 'María', jobDescription: 'fuga', serviceAddress: '2210 Oak Hill' } },
      },
    ],
  },
  {
    name: 'one message signed at the start',
    ...oneMessage,
    turns: [
      {
        caller: 'Dana Kim here, both bathroom sinks are clogged at 1100 Barton Springs Rd, Austin 78704. Friday morning works',
        expect: {
          ...OFFERS,
          fields: { callerName: 'Dana', jobDescription: 'sink', serviceAddress: '1100 Barton Springs', preferredTime: 'friday' },
        },
      },
    ],
  },

  // ---- Voicemails: the transcription is answered like a text ----
  {
    name: 'voicemail transcription sink backed up',
    ...voicemail,
    turns: [
      {
        caller: `${VOICEMAIL_PREFIX}Hi, this is Gary Olson, I'm calling because my kitchen sink is backed up. Give me a call back. Thanks.`,
        expect: { ...ASKING, fields: { callerName: 'Gary', jobDescription: 'sink' } },
      },
    ],
  },
  {
    name: 'voicemail-like text with everything',
    ...voicemail,
    turns: [
      {
        caller:
          "Hey its Linda Park calling about the water heater, its making popping sounds. I'm at 2500 Lake Austin Blvd, Austin 78703. call me back",
        expect: {
          actions: ['offer_slots', 'handoff'],
          fields: { callerName: 'Linda', jobDescription: 'water heater', serviceAddress: '2500 Lake Austin' },
        },
      },
    ],
  },

  // ======== Held out: only scored ========
  {
    name: 'held-out returning customer new job',
    ...returning,
    wasHeldOut: true,
    returningCustomer: { name: 'Marcus Hill', lastJob: 'water heater replacement', previousConversations: 2 },
    turns: [
      {
        caller: "Hey it's Marcus again. New heater works great, but now the kitchen sink drains really slow",
        expect: { actions: ['reply', 'offer_slots'], replyMust: [/marcus/i], fields: { jobDescription: /sink|drain/ } },
      },
    ],
  },
  {
    name: 'held-out returning customer Spanish shower',
    ...returning,
    wasHeldOut: true,
    returningCustomer: { name: 'Ana Flores', lastJob: 'reparación de inodoro', previousConversations: 1 },
    turns: [
      {
        caller: 'Buenas, les escribe Ana de nuevo. Es el mismo baño, ahora la regadera gotea toda la noche',
        expect: { actions: ['reply', 'offer_slots'], replyMust: [/ana\b/i], language: 'es', fields: { jobDescription: /regadera/ } },
      },
    ],
  },
  {
    name: 'held-out happy path running toilet',
    ...happy,
    wasHeldOut: true,
    turns: [
      {
        caller: "Hey there, our upstairs toilet won't stop running",
        expect: { ...ASKING, declineReason: null, fields: { jobDescription: 'toilet' } },
      },
      { caller: 'Kim Patterson', expect: { ...ASKING, fields: { callerName: 'Kim' } } },
      {
        caller: '3300 S Lamar Blvd Apt 210, Austin 78704',
        expect: { ...OFFERS, fields: { serviceAddress: '3300 S Lamar', callerName: 'Kim' } },
      },
    ],
  },
  {
    name: 'held-out happy path Spanish kitchen tap',
    ...happy,
    wasHeldOut: true,
    turns: [
      { caller: 'Buenas, la llave de la cocina gotea mucho', expect: { ...PREGUNTA, fields: { jobDescription: /llave|cocina|gotea/ } } },
      { caller: 'Soy Lucía Hernández', expect: { ...PREGUNTA, fields: { callerName: 'Lucia' } } },
      { caller: 'Es en 906 Bastrop Hwy, Austin 78721', expect: { ...OFFERS, language: 'es', fields: { serviceAddress: '906 Bastrop' } } },
    ],
  },
  {
    name: 'held-out one message pilot light',
    ...oneMessage,
    wasHeldOut: true,
    turns: [
      {
        caller: 'Hi! Rob Lang, 4409 Speedway, Austin 78751. Water heater pilot keeps going out. Free after 3 most days',
        expect: {
          ...OFFERS,
          fields: { callerName: 'Rob', jobDescription: 'pilot', serviceAddress: '4409 Speedway', preferredTime: /after 3/ },
        },
      },
    ],
  },
  {
    name: 'held-out one message Spanish laundry drain',
    ...oneMessage,
    wasHeldOut: true,
    turns: [
      {
        caller:
          'Me llamo Sofía Torres, el drenaje de la lavandería está tapado. Vivo en 1402 Round Rock Ave, Round Rock 78681. Cualquier día en la mañana',
        expect: {
          ...OFFERS,
          language: 'es',
          fields: {
            callerName: 'Sofia',
            jobDescription: /drenaje|lavanderia/,
            serviceAddress: '1402 Round Rock',
            preferredTime: /manana|morning/,
          },
        },
      },
    ],
  },
  {
    name: 'held-out one message dashes',
    ...oneMessage,
    wasHeldOut: true,
    turns: [
      {
        caller: 'Garbage disposal leaking underneath - Pete Alvarez - 211 W Main St, Georgetown 78626',
        expect: { ...OFFERS, fields: { callerName: 'Pete', jobDescription: 'disposal', serviceAddress: '211 W Main' } },
      },
    ],
  },
  {
    name: 'held-out voicemail with fillers',
    ...voicemail,
    wasHeldOut: true,
    turns: [
      {
        caller: `${VOICEMAIL_PREFIX}Yeah hi um this is Teresa, uh, we've got some water seeping around the base of the toilet, not a lot, but um yeah, call me back when you can. Bye.`,
        expect: { ...ASKING, fields: { callerName: 'Teresa', jobDescription: 'toilet' } },
      },
    ],
  },
  {
    name: 'held-out voicemail Spanish with address',
    ...voicemail,
    wasHeldOut: true,
    turns: [
      {
        caller: `${VOICEMAIL_PREFIX}Hola, habla Ricardo Peña, le llamo porque el calentador de agua está goteando. Mi dirección es 700 W 5th St, Austin 78701. Gracias.`,
        expect: {
          actions: ['offer_slots', 'handoff'],
          language: 'es',
          fields: { callerName: 'Ricardo', jobDescription: 'calentador', serviceAddress: '700 W 5th' },
        },
      },
    ],
  },
];
