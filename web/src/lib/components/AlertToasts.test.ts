import { render, screen } from '@testing-library/svelte';
import { expect, test, vi } from 'vitest';

vi.mock('$app/navigation', () => ({ goto: vi.fn() }));
vi.mock('$app/paths', () => ({ resolve: (path: string) => path }));

const { Alerts } = await import('../alerts.svelte');
const { default: AlertToasts } = await import('./AlertToasts.svelte');

const at = '2026-03-02T15:00:00Z';

test('urgent alerts interrupt a screen reader, others wait; the open conversation is not toasted about', () => {
  const alerts = new Alerts();
  alerts.received({
    alert: { id: 'a1', conversationId: 'c1', kind: 'emergency', body: 'NeverMissCall: EMERGENCY: gas smell', createdAt: at },
  });
  alerts.received({ alert: { id: 'a2', conversationId: 'c2', kind: 'booking_made', body: 'NeverMissCall: booked', createdAt: at } });
  alerts.received({ alert: { id: 'a3', conversationId: 'c3', kind: 'lead_qualified', body: 'new lead Dana', createdAt: at } });
  render(AlertToasts, { alerts, openConversationId: 'c3' });

  expect(screen.getByRole('alert').textContent).toMatch(/Emergency\s+EMERGENCY: gas smell/);
  expect(screen.getByRole('status').textContent).toMatch(/New booking\s+booked/);
  expect(screen.getAllByTestId('alert-toast').map((toast) => toast.dataset.kind)).toEqual(['emergency', 'booking_made']);
  alerts.stop();
});
