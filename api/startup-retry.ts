// Starting beside a database or a Temporal server that is itself restarting (a deploy, a crash, a
// machine under load) meets a refused or reset connection. Exiting on the first one leaves the api
// down until something restarts it; instead each start-up step is tried again for a while, and
// only a step still failing after that stops the process, with the one-line reason.
import type { Logger } from 'pino';

export interface RetryStartupOptions {
  log: Pick<Logger, 'warn'>;
  /** How long a step may keep failing before the process gives up. */
  giveUpAfterMs?: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

export async function retryStartup<T>(what: string, step: () => Promise<T>, options: RetryStartupOptions): Promise<T> {
  const { log, giveUpAfterMs = 60_000, firstDelayMs = 250, maxDelayMs = 5_000 } = options;
  const deadline = Date.now() + giveUpAfterMs;
  for (let attempt = 1, delay = firstDelayMs; ; attempt += 1, delay = Math.min(delay * 2, maxDelayMs)) {
    try {
      return await step();
    } catch (error) {
      if (Date.now() + delay > deadline) throw error;
      log.warn({ attempt, reason: (error as Error).message, retryInMs: delay }, `${what} failed at start-up; trying again`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
