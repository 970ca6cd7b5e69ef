// Cases for when and where: a time the caller prefers is noted (preferredTime, which the workflow
// reads into windows of free slots) and the free times offered; an address given in a message is
// taken down as given. Development first, then held-out.
import type { EvalCase } from '../cases';
import { OFFERS, QUALIFIED, RULES } from './expect';

const time = { category: 'time_preference', rule: RULES.timePreference, lead: QUALIFIED } as const;
const address = { category: 'address', rule: RULES.address } as const;
const LEAD_ES = { jobDescription: 'Fuga debajo del lavabo', callerName: 'María López', serviceAddress: '2210 Oak Hill Dr, Austin 78749' };
/** Job and name known: the address is what is missing. */
const NEEDS_ADDRESS = { jobDescription: 'Water heater leaking', callerName: 'Sam Ortiz' };
const NECESITA_DIRECCION = { jobDescription: 'Inodoro tapado', callerName: 'Elena Vargas' };

const offersAt = (preferredTime: string | RegExp) => ({ ...OFFERS, fields: { preferredTime } });

export const TIME_AND_PLACE_CASES: EvalCase[] = [
  // ---- Time preferences ----
  { name: 'time tomorrow afternoon', ...time, turns: [{ caller: 'tomorrow afternoon works', expect: offersAt('tomorrow afternoon') }] },
  { name: 'time any evening after 5', ...time, turns: [{ caller: 'any evening after 5 is good for me', expect: offersAt(/after 5/) }] },
  {
    name: 'time not Monday',
    ...time,
    turns: [{ caller: 'not Monday, any other day is fine', expect: offersAt(/(not|except|no|but|other than|besides) mon/) }],
  },
  { name: 'time next week', ...time, turns: [{ caller: 'next week would be better', expect: offersAt('next week') }] },
  { name: 'time ASAP', ...time, turns: [{ caller: 'ASAP please', expect: offersAt(/asap|soon|earliest|first available/) }] },
  {
    name: 'time Spanish mañana por la tarde',
    ...time,
    lead: LEAD_ES,
    turns: [{ caller: 'mañana por la tarde', expect: { ...offersAt(/manana.*tarde|tomorrow afternoon/), language: 'es' } }],
  },
  {
    name: 'time a new preference gets new times',
    ...time,
    turns: [
      { caller: 'Mornings are best for us', expect: offersAt('morning') },
      { caller: "Actually mornings don't work anymore, afternoons after 2 please", expect: offersAt(/after 2/) },
    ],
  },

  // ---- Addresses given in messages ----
  {
    name: 'address with the job in the first text',
    ...address,
    turns: [
      {
        caller: 'Leak under the kitchen sink at 5100 Burnet Rd, Austin 78757',
        expect: { actions: ['reply'], declineReason: null, fields: { serviceAddress: '5100 Burnet', jobDescription: /leak|sink/ } },
      },
    ],
  },
  {
    name: 'address with an apartment number',
    ...address,
    lead: NEEDS_ADDRESS,
    turns: [
      { caller: 'My address is 1800 Lavaca St Apt 1203, Austin 78701', expect: { ...OFFERS, fields: { serviceAddress: '1800 Lavaca' } } },
    ],
  },
  {
    name: 'address in Spanish',
    ...address,
    lead: NECESITA_DIRECCION,
    turns: [
      {
        caller: 'Mi dirección es 4100 Manchaca Rd, Austin 78745',
        expect: { ...OFFERS, language: 'es', fields: { serviceAddress: '4100 Manchaca' } },
      },
    ],
  },

  // ======== Held out: only scored ========
  {
    name: 'held-out time Thursday after lunch',
    ...time,
    wasHeldOut: true,
    turns: [{ caller: 'Thursday after lunch would be ideal', expect: offersAt(/thu/) }],
  },
  {
    name: 'held-out time weekday mornings before 10',
    ...time,
    wasHeldOut: true,
    turns: [{ caller: 'I can only do weekday mornings before 10', expect: offersAt(/before 10/) }],
  },
  {
    name: 'held-out time any day except Friday',
    ...time,
    wasHeldOut: true,
    turns: [{ caller: 'Any day except Friday', expect: offersAt(/(not|except|no|but|other than|besides) fri/) }],
  },
  {
    name: 'held-out time soonest',
    ...time,
    wasHeldOut: true,
    turns: [
      { caller: "Whenever you can get someone here soonest, it's getting worse", expect: offersAt(/asap|soon|earliest|first available/) },
    ],
  },
  {
    name: 'held-out time Spanish sábado en la mañana',
    ...time,
    lead: LEAD_ES,
    wasHeldOut: true,
    turns: [{ caller: 'El sábado en la mañana, si se puede', expect: { ...offersAt(/sabado|saturday/), language: 'es' } }],
  },
  {
    name: 'held-out time the week after next',
    ...time,
    wasHeldOut: true,
    turns: [{ caller: "We're out of town until the week after next, anytime then", expect: offersAt(/week after next|two weeks|2 weeks/) }],
  },
  {
    name: 'held-out address unit downtown',
    ...address,
    lead: NEEDS_ADDRESS,
    wasHeldOut: true,
    // No town given: the map's guess (in our town) is read back once, and a "yes" goes on to times.
    turns: [
      {
        caller: "we're at 12 Rainey St unit 3, right downtown",
        expect: { actions: ['reply'], replyMust: [/12 Rainey St unit 3, Austin/], fields: { serviceAddress: '12 Rainey' } },
      },
      { caller: 'yes', expect: { ...OFFERS, fields: { serviceAddress: '12 Rainey' } } },
    ],
  },
  {
    name: 'held-out address with directions',
    ...address,
    lead: NEEDS_ADDRESS,
    wasHeldOut: true,
    turns: [
      {
        caller: "It's the yellow house at 907 E 38th St, Austin 78705 - side gate is unlocked",
        expect: { ...OFFERS, fields: { serviceAddress: '907 E 38th' } },
      },
    ],
  },
  {
    name: 'held-out address Spanish with landmarks',
    ...address,
    lead: NECESITA_DIRECCION,
    wasHeldOut: true,
    turns: [
      {
        caller: 'Vivimos en 1405 Pecan St, Pflugerville 78660, la casa blanca con portón negro',
        expect: { ...OFFERS, language: 'es', fields: { serviceAddress: '1405 Pecan' } },
      },
    ],
  },
];
