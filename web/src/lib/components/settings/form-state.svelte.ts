// Saving a settings form: one request at a time, its outcome in words, "Saved." until the next edit.
import { describeError } from '$lib/api';

export class FormState {
  saving = $state(false);
  error = $state<string | null>(null);
  saved = $state(false);

  /** Runs the save; returns whether it worked. A string thrown by `check` is shown as is. */
  async run(save: () => Promise<unknown>, check?: () => string | null): Promise<boolean> {
    if (this.saving) return false;
    const problem = check?.() ?? null;
    if (problem) {
      this.error = problem;
      this.saved = false;
      return false;
    }
    this.saving = true;
    this.error = null;
    this.saved = false;
    try {
      await save();
      this.saved = true;
      return true;
    } catch (error) {
      this.error = describeError(error);
      return false;
    } finally {
      this.saving = false;
    }
  }

  edited = (): void => {
    this.saved = false;
  };
}

/** A light check that a number could be dialled; the api has the final word. */
export function looksLikePhone(value: string): boolean {
  const digits = value.replace(/\D/g, '');
  return digits.length >= 10 && digits.length <= 15 && /^[+\d\s().-]+$/.test(value.trim());
}

/** "78701, 78702 78703" → ['78701', '78702', '78703']. */
export function splitList(value: string, separator: RegExp = /[,\n]+/): string[] {
  return value
    .split(separator)
    .map((item) => item.trim())
    .filter(Boolean);
}
