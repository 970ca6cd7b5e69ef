import { expect, test, vi } from 'vitest';

vi.mock('$app/navigation', () => ({ goto: vi.fn() }));
vi.mock('$app/paths', () => ({ resolve: (path: string) => path }));

const { ApiError } = await import('./api');
const { AuthSubmit } = await import('./auth-submit.svelte');

const refusal = { status: 401, message: 'That email and password do not match.' };

test('a problem found before submitting is shown and nothing is sent', async () => {
  const form = new AuthSubmit();
  const action = vi.fn();
  await form.run('Enter your email and password.', action, refusal);
  expect(action).not.toHaveBeenCalled();
  expect(form.error).toBe('Enter your email and password.');
  expect(form.submitting).toBe(false);
});

test('the expected refusal is worded by the page; the button is enabled again', async () => {
  const form = new AuthSubmit();
  await form.run(null, () => Promise.reject(new ApiError(401, 'unauthorized', 'Unauthorized')), refusal);
  expect(form.error).toBe(refusal.message);
  expect(form.submitting).toBe(false);
});

test('a second submit while the first runs is ignored, and success keeps the button disabled', async () => {
  const form = new AuthSubmit();
  let finish!: () => void;
  const first = form.run(null, () => new Promise<void>((resolve) => (finish = resolve)), refusal);
  const second = vi.fn();
  await form.run(null, second, refusal);
  finish();
  await first;
  expect(second).not.toHaveBeenCalled();
  expect(form.submitting).toBe(true);
});
