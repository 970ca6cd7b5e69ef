import { fireEvent, render, screen } from '@testing-library/svelte';
import { expect, test, vi } from 'vitest';
import Composer from './Composer.svelte';

test('Enter sends the trimmed text and clears the field; Shift+Enter does not send', async () => {
  const onSend = vi.fn();
  render(Composer, { mode: 'human', callerLabel: 'Dana', onSend });
  const field = screen.getByLabelText('Text to Dana') as HTMLTextAreaElement;
  await fireEvent.input(field, { target: { value: '  On my way  ' } });
  await fireEvent.keyDown(field, { key: 'Enter', shiftKey: true });
  expect(onSend).not.toHaveBeenCalled();
  await fireEvent.keyDown(field, { key: 'Enter' });
  expect(onSend).toHaveBeenCalledWith('On my way');
  expect(field.value).toBe('');
});

test('an empty message cannot be sent, and the owner is told that sending takes over from the AI', async () => {
  const onSend = vi.fn();
  render(Composer, { mode: 'ai', callerLabel: 'Dana', onSend });
  const send = screen.getByTestId('composer-send') as HTMLButtonElement;
  expect(send.disabled).toBe(true);
  await fireEvent.input(screen.getByTestId('composer-input'), { target: { value: '   ' } });
  expect(send.disabled).toBe(true);
  expect(screen.getByText(/Sending takes over from the AI assistant/)).toBeTruthy();
});

test('a caller who opted out cannot be texted, and the reason is shown', () => {
  render(Composer, { mode: 'human', callerLabel: 'Dana', blockedReason: 'This caller opted out of texts (STOP).', onSend: vi.fn() });
  expect((screen.getByTestId('composer-input') as HTMLTextAreaElement).disabled).toBe(true);
  expect(screen.getByText('This caller opted out of texts (STOP).')).toBeTruthy();
});

test('a text longer than one SMS conversation allows is refused with how much to cut', async () => {
  render(Composer, { mode: 'human', callerLabel: 'Dana', onSend: vi.fn() });
  await fireEvent.input(screen.getByTestId('composer-input'), { target: { value: 'x'.repeat(1605) } });
  expect((screen.getByTestId('composer-send') as HTMLButtonElement).disabled).toBe(true);
  expect(screen.getByText(/5 characters too long/)).toBeTruthy();
});
