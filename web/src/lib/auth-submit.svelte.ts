// Submitting sign-in or sign-up: one attempt at a time, and a failure in words. On success the
// page navigates away, so the button stays disabled until it does.
import { ApiError, describeError } from './api';

export class AuthSubmit {
  submitting = $state(false);
  error = $state<string | null>(null);

  /**
   * Shows `problem` instead of submitting when there is one; otherwise runs `action`. `refusal`
   * words the one answer the page expects the api to refuse with (a wrong password, a taken email).
   */
  async run(problem: string | null, action: () => Promise<void>, refusal: { status: number; message: string }): Promise<void> {
    if (this.submitting) return;
    this.error = problem;
    if (problem) return;
    this.submitting = true;
    try {
      await action();
    } catch (failure) {
      this.error = failure instanceof ApiError && failure.status === refusal.status ? refusal.message : describeError(failure);
      this.submitting = false;
    }
  }
}
