// A "now" that ticks, so "5 min ago" stays true while the inbox is left open.
export class Clock {
  now = $state(Date.now());

  constructor(intervalMs = 30_000) {
    $effect(() => {
      const timer = setInterval(() => (this.now = Date.now()), intervalMs);
      return () => clearInterval(timer);
    });
  }
}
