// Which free slots to offer next, given the caller's time preference (time-preferences.ts) and the
// slots already offered in this conversation: slots that fit the preference first; a slot already
// offered only when no new one fits as well, so a new preference gets new slots and the same offer is
// not sent again while others exist; when nothing fits, the slots nearest to the wanted times, and
// `fits: false` so the assistant says so. Pure and deterministic (workflows call it).
import type { Slot } from './slots';
import type { TimePreference } from './time-preferences';
import { localParts } from './time-zone';

export interface SlotChoiceInput {
  /** Free slots (freeSlots in slots.ts), in any order. */
  free: readonly Slot[];
  preference?: TimePreference;
  /** Starts (ISO) of the slots already offered to this caller. */
  alreadyOffered: readonly string[];
  /** At most this many slots are chosen. */
  limit: number;
}

export interface SlotChoice {
  /** Earliest first. */
  slots: Slot[];
  /** Every chosen slot is inside the preference's windows and off its excluded weekdays. */
  fits: boolean;
  /** Every chosen slot was offered before (nothing new was left): the offer should say "still". */
  repeated: boolean;
}

/**
 * The slots to offer. Tiers, the first non-empty one wins: new slots that fit; slots already offered
 * that fit; then (fits: false) new slots off the excluded weekdays, offered ones off them, and
 * finally whatever is free, each nearest to the wanted windows first.
 */
export function chooseSlots(input: SlotChoiceInput): SlotChoice {
  const limit = Math.floor(input.limit);
  const free = distinctByStart(input.free);
  if (!(limit > 0) || free.length === 0) return { slots: [], fits: false, repeated: false };
  const offered = new Set(input.alreadyOffered.map((iso) => Date.parse(iso)).filter((ms) => !Number.isNaN(ms)));
  const isNew = (slot: Slot) => !offered.has(slot.start.getTime());
  const preference = input.preference;
  const allowed = (slot: Slot) => !excludedBy(preference, slot);
  const fitting = (slot: Slot) => allowed(slot) && insideWindows(preference, slot);

  const tiers: { test: (slot: Slot) => boolean; fits: boolean }[] = [
    { test: (slot) => fitting(slot) && isNew(slot), fits: true },
    { test: fitting, fits: true },
    { test: (slot) => allowed(slot) && isNew(slot), fits: false },
    { test: allowed, fits: false },
    { test: isNew, fits: false },
    { test: () => true, fits: false },
  ];
  for (const tier of tiers) {
    const candidates = free.filter(tier.test);
    if (candidates.length === 0) continue;
    const ranked = tier.fits ? candidates : [...candidates].sort((a, b) => distance(preference, a) - distance(preference, b));
    const slots = ranked.slice(0, limit).sort(byStart);
    return { slots, fits: tier.fits, repeated: slots.every((slot) => !isNew(slot)) };
  }
  return { slots: [], fits: false, repeated: false };
}

/** Whether a slot's start lies inside one of the preference's windows (no windows: any time fits). */
export function insideWindows(preference: TimePreference | undefined, slot: Slot): boolean {
  const windows = preference?.windows;
  if (windows === undefined) return true;
  const start = slot.start.getTime();
  return windows.some((window) => Date.parse(window.start) <= start && start < Date.parse(window.end));
}

function excludedBy(preference: TimePreference | undefined, slot: Slot): boolean {
  const excluded = preference?.excludeWeekdays;
  if (!preference || !excluded || excluded.length === 0) return false;
  return excluded.includes(localParts(slot.start, preference.timeZone).weekday);
}

/**
 * How far a slot's start is from the nearest window, in ms. With no window left to be near (all of
 * them passed, or none named), every slot is as near as its start is early.
 */
function distance(preference: TimePreference | undefined, slot: Slot): number {
  const start = slot.start.getTime();
  const windows = preference?.windows ?? [];
  if (windows.length === 0) return start;
  let nearest = Infinity;
  for (const window of windows) {
    const from = Date.parse(window.start);
    const to = Date.parse(window.end);
    const gap = start < from ? from - start : start >= to ? start - to : 0;
    nearest = Math.min(nearest, gap);
  }
  // Ties (one slot before a window, one as far after) go to the earlier slot: the sort is stable on byStart.
  return nearest;
}

function byStart(a: Slot, b: Slot): number {
  return a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime();
}

/** Sorted by start, one slot per start (the shortest): the result cannot depend on the input's order. */
function distinctByStart(slots: readonly Slot[]): Slot[] {
  const valid = slots.filter((slot) => !Number.isNaN(slot.start.getTime()) && !Number.isNaN(slot.end.getTime()));
  const sorted = [...valid].sort(byStart);
  return sorted.filter((slot, index) => index === 0 || sorted[index - 1]!.start.getTime() !== slot.start.getTime());
}
