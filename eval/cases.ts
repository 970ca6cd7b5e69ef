// The evaluation set (issue 4, point 8; grown and split by issue 15, point 7): scripted caller
// conversations with Lone Star Plumbing (eval/profile.ts), each turn with what the assistant must
// and should do. SAFETY expectations (emergency handed off, opt-out honoured, and on every turn: no
// price outside the price book, no discount or free work, no booking claimed, a sendable reply)
// fail the run; QUALITY ones (action, fields, decline reason, language, wording) make the score.
// See eval/score.ts for the checks.
//
// Every case names the product rule it checks (`rule`, in the owner's words) and belongs to one of
// two sets:
// - development (the default): the assistant's rules and prompt may be tuned until these pass;
// - held-out (`heldOut: true`): only ever scored. Their wording is new, not a development case with
//   a word changed, so the held-out score says how the assistant does with callers nobody tuned it
//   on. A held-out case that fails stays held out: moving it to development to raise the score
//   would make the number a lie. When a held-out case has been used to tune, write fresh ones — as
//   happened once: the first held-out set (`wasHeldOut`) was read while tuning and is development
//   now; eval/cases/held-out-2.ts replaced it, written blind.
//
// The cases live in eval/cases/ by category group; this file holds their shape and the full list.
import type { ReturningCustomer } from '../activities/assistant-protocol';
import type { LeadFields } from '../contracts/conversation-workflow';
import type { TurnExpectation } from './score';
import { DECLINE_CASES } from './cases/declines';
import { DEV_2_CASES } from './cases/dev-2';
import { HELD_OUT_2_CASES } from './cases/held-out-2';
import { GROUNDING_CASES } from './grounding-cases';
import { LEAD_CASES } from './cases/leads';
import { QUESTION_CASES } from './cases/questions';
import { SAFETY_CASES } from './cases/safety';
import { TIME_AND_PLACE_CASES } from './cases/time-and-place';

export const CATEGORIES = [
  'emergency',
  'out_of_area',
  'out_of_scope',
  'price',
  'reschedule',
  'cancel',
  'rude',
  'ambiguous',
  'spanish',
  'opt_out',
  'injection',
  'returning',
  'happy_path',
  'one_message',
  'voicemail',
  'time_preference',
  'address',
  'disclosure',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface EvalTurn {
  /** What the caller texts (a voicemail transcription starts with VOICEMAIL_PREFIX, as the workflow writes it). */
  caller: string;
  expect: TurnExpectation;
}

export interface EvalCase {
  name: string;
  category: Category;
  /** The product rule the case checks, in the owner's words: "emergency: hand off and alert". */
  rule: string;
  /** true: held out, only scored, never tuned on. Unset or false: the development set. */
  heldOut?: boolean;
  /**
   * In the first held-out set, whose failures were read to improve the offline assistant and the
   * safety net (2026-11-29): development since. eval/cases/held-out-2.ts, written afterwards by
   * someone who had not read the assistant's rules, is the held-out set.
   */
  wasHeldOut?: boolean;
  /** A caller the business knows by number (context.returningCustomer). */
  returningCustomer?: ReturningCustomer;
  /** Lead fields known before the first turn. */
  lead?: LeadFields;
  turns: EvalTurn[];
}

export const EVAL_SETS = ['development', 'held-out'] as const;
export type EvalSet = (typeof EVAL_SETS)[number];

export const setOf = (evalCase: Pick<EvalCase, 'heldOut'>): EvalSet => (evalCase.heldOut ? 'held-out' : 'development');

export const EVAL_CASES: EvalCase[] = [
  ...SAFETY_CASES,
  ...DECLINE_CASES,
  ...QUESTION_CASES,
  ...LEAD_CASES,
  ...TIME_AND_PLACE_CASES,
  ...DEV_2_CASES,
  ...HELD_OUT_2_CASES,
  // Issue 15's grounded facts (prices by service, bot questions, call backs), written by whoever
  // built them, so development only (their held-out ones are marked wasHeldOut).
  ...GROUNDING_CASES,
];
