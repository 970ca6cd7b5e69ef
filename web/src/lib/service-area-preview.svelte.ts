// The service-area preview kept in step with the form: asked of the api a moment after the owner
// stops typing (not on every key), the same draft never asked twice, and an answer that arrives
// after a newer question dropped. A failed preview never blocks saving; it just says so.
import { describeError, type ServiceArea, type ServiceAreaPreview } from './api';

export class ServiceAreaPreviewer {
  preview = $state.raw<ServiceAreaPreview | null>(null);
  /** The draft the preview on screen is for. */
  previewed = $state.raw<ServiceArea | null>(null);
  pending = $state(false);
  error = $state<string | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #asked = '';
  #request = 0;

  constructor(
    private readonly ask: (area: ServiceArea) => Promise<ServiceAreaPreview>,
    private readonly delayMs = 400,
  ) {}

  /** Asks for the draft's preview after `delayMs` of quiet; `now` skips the wait (the first look). */
  schedule(area: ServiceArea, now = false): void {
    // The description is the owner's words for callers: it never changes what is covered.
    const key = JSON.stringify({ ...area, description: '', alertOutOfArea: false });
    clearTimeout(this.#timer);
    if (key === this.#asked) {
      this.pending = false;
      return;
    }
    this.pending = true;
    if (now) void this.#fetch(area, key);
    else this.#timer = setTimeout(() => void this.#fetch(area, key), this.delayMs);
  }

  async #fetch(area: ServiceArea, key: string): Promise<void> {
    const mine = ++this.#request;
    this.#asked = key;
    try {
      const preview = await this.ask(area);
      if (mine !== this.#request) return;
      this.preview = preview;
      this.previewed = area;
      this.error = null;
    } catch (failure) {
      if (mine !== this.#request) return;
      this.#asked = '';
      this.error = describeError(failure);
    } finally {
      if (mine === this.#request) this.pending = false;
    }
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#request += 1;
  }
}
