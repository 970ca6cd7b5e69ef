import { render, screen } from '@testing-library/svelte';
import { expect, test } from 'vitest';
import StatusBadge from './StatusBadge.svelte';

test("a lead status reads in the owner's words, with its meaning for screen readers", () => {
  render(StatusBadge, { status: 'engaged' });
  expect(screen.getByText('Replied')).toBeTruthy();
  expect(screen.getByText('Lead status:')).toBeTruthy();
});
