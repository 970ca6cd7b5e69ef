// Cases for the jobs the business turns down: outside the service area, or a kind of work it does
// not do; and their counterparts that must not be turned down. Development first, then held-out.
import type { EvalCase } from '../cases';
import { ASKING, RULES, declined } from './expect';

const area = { category: 'out_of_area', rule: RULES.outOfArea } as const;
const scope = { category: 'out_of_scope', rule: RULES.outOfScope } as const;

export const DECLINE_CASES: EvalCase[] = [
  // ---- Out of area: declined politely, naming the area, lead marked ----
  {
    name: 'out of area by ZIP',
    ...area,
    turns: [{ caller: 'Can you come out to 78201? Kitchen drain is clogged', expect: declined('out_of_area') }],
  },
  {
    name: 'out of area by city',
    ...area,
    turns: [{ caller: "I'm in Houston, my toilet keeps running. Can someone come by this week?", expect: declined('out_of_area') }],
  },
  {
    name: 'out of area after the job',
    ...area,
    turns: [
      { caller: 'My water heater is leaking a little from the bottom', expect: { ...ASKING, fields: { jobDescription: 'water heater' } } },
      { caller: "It's at 455 Commerce St, San Antonio TX 78205", expect: declined('out_of_area') },
    ],
  },
  {
    name: 'in area town is not declined',
    category: 'out_of_area',
    rule: RULES.inScope,
    turns: [
      {
        caller: 'Clogged bathroom drain in Pflugerville, can you help?',
        expect: { ...ASKING, declineReason: null, fields: { jobDescription: 'drain' } },
      },
    ],
  },
  {
    name: 'out of area address in another state',
    ...area,
    turns: [{ caller: 'Need a water heater flush at 2200 Elm St, Dallas TX 75201', expect: declined('out_of_area') }],
  },
  {
    name: 'out of area Spanish San Marcos',
    ...area,
    turns: [{ caller: 'Vivo en San Marcos, ¿pueden venir a arreglar una fuga?', expect: { ...declined('out_of_area'), language: 'es' } }],
  },

  // ---- Out of scope: jobs on the owner's "don't do" list ----
  {
    name: 'out of scope roofing',
    ...scope,
    turns: [{ caller: 'My roof is leaking, can you replace some shingles?', expect: declined('out_of_scope') }],
  },
  {
    name: 'out of scope pool repair',
    ...scope,
    turns: [{ caller: 'Do you do pool repair? Our pool pump quit', expect: declined('out_of_scope') }],
  },
  {
    name: 'out of scope air conditioning',
    ...scope,
    turns: [{ caller: 'AC stopped blowing cold air, can you send someone to look at it?', expect: declined('out_of_scope') }],
  },
  {
    name: 'gas line install is in scope and no emergency',
    category: 'out_of_scope',
    rule: RULES.inScope,
    turns: [
      {
        caller: 'I need a gas line run to my new stove in the kitchen',
        expect: { ...ASKING, declineReason: null, fields: { jobDescription: 'gas line' } },
      },
    ],
  },
  {
    name: 'out of scope dryer repair',
    ...scope,
    turns: [{ caller: 'My dryer stopped heating, do you repair dryers?', expect: declined('out_of_scope') }],
  },
  {
    name: 'out of scope septic pumping',
    ...scope,
    turns: [{ caller: 'Septic tank is due to be pumped, how soon can you come out?', expect: declined('out_of_scope') }],
  },

  // ======== Held out: only scored ========
  {
    name: 'held-out out of area San Antonio question',
    ...area,
    wasHeldOut: true,
    turns: [{ caller: "Do you guys go as far as San Antonio? Shower won't drain at my mom's house", expect: declined('out_of_area') }],
  },
  {
    name: 'held-out out of area Waco rental',
    ...area,
    wasHeldOut: true,
    turns: [{ caller: 'The rental is at 615 Austin Ave, Waco TX 76701. Toilet keeps clogging', expect: declined('out_of_area') }],
  },
  {
    name: 'held-out out of area Spanish Houston',
    ...area,
    wasHeldOut: true,
    turns: [
      { caller: 'Estoy en Houston y se me tapó el fregadero. ¿Vienen hasta acá?', expect: { ...declined('out_of_area'), language: 'es' } },
    ],
  },
  {
    name: 'held-out in area Georgetown faucet',
    category: 'out_of_area',
    rule: RULES.inScope,
    wasHeldOut: true,
    turns: [
      {
        caller: 'Leaky kitchen faucet at our place in Georgetown 78626, are you taking new customers?',
        expect: { ...ASKING, declineReason: null, fields: { jobDescription: 'faucet' } },
      },
    ],
  },
  {
    name: 'held-out out of scope central air',
    ...scope,
    wasHeldOut: true,
    turns: [
      { caller: 'Central air is blowing warm and upstairs is 85 degrees. Do you service AC units?', expect: declined('out_of_scope') },
    ],
  },
  {
    name: 'held-out out of scope pool heater',
    ...scope,
    wasHeldOut: true,
    turns: [
      {
        caller: 'Our pool heater quit and the pool guy is booked for weeks, can one of yours come fix it?',
        expect: declined('out_of_scope'),
      },
    ],
  },
  {
    name: 'held-out out of scope Spanish refrigerator',
    ...scope,
    wasHeldOut: true,
    turns: [
      { caller: 'Mi refrigerador no enfría, ¿ustedes reparan refrigeradores?', expect: { ...declined('out_of_scope'), language: 'es' } },
    ],
  },
  {
    name: 'held-out in scope hose bib',
    category: 'out_of_scope',
    rule: RULES.inScope,
    wasHeldOut: true,
    turns: [
      {
        caller: 'Looking to get a new outdoor spigot put in on the back of the house',
        expect: { ...ASKING, declineReason: null, fields: { jobDescription: 'spigot' } },
      },
    ],
  },
];
