// Caller numbers, distinct for every phase and rate, so no call joins another's conversation and
// every text can be counted per caller: +1 512 <exchange><line>, one block of 10,000 per exchange.
//   2xx warm-up, 3xx our sweep (one exchange per rate), 4xx the bare baseline's sweep, 5xx–9xx open conversations.

export const BLOCKS = { warmUpOurs: 200, warmUpBare: 210, ours: 300, bare: 400, open: 500 } as const;

/** The `index`-th caller of a block; blocks roll over into the next exchange every 10,000 callers. */
export function caller(block: number, index: number): string {
  return `+1512${String(block * 10_000 + index).padStart(7, '0')}`;
}

export function callers(block: number, count: number): string[] {
  return Array.from({ length: count }, (_, index) => caller(block, index));
}

/** SQL `like` pattern matching every caller of the open-conversations phase. */
export const OPEN_CALLERS_LIKE = '+15125%';
