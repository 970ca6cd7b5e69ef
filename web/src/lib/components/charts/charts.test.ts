import { render, screen, within } from '@testing-library/svelte';
import { expect, test } from 'vitest';
import BarChart from './BarChart.svelte';
import FunnelChart from './FunnelChart.svelte';

test('the funnel shows each stage, its count and what share of the stage before it made it', () => {
  render(FunnelChart, {
    caption: 'Funnel',
    stages: [
      { key: 'missed', label: 'Missed calls', value: 10 },
      { key: 'texted', label: 'Texted back', value: 10 },
      { key: 'replied', label: 'Replied', value: 4 },
      { key: 'qualified', label: 'Qualified', value: 2 },
      { key: 'booked', label: 'Booked', value: 1 },
    ],
  });
  expect(screen.getByTestId('funnel-booked').dataset.value).toBe('1');
  expect(within(screen.getByTestId('funnel-replied')).getByText('40% of texted back')).toBeTruthy();
  expect(within(screen.getByTestId('funnel-booked')).getByText('50% of qualified')).toBeTruthy();
  // Bars are drawn to scale: the widest stage fills the track.
  const fill = (key: string) => screen.getByTestId(`funnel-${key}`).querySelector('rect.fill')!.getAttribute('width');
  expect(fill('missed')).toBe('100');
  expect(fill('booked')).toBe('10');
});

test('a bar chart draws one bar per day with data and lists every value for screen readers', () => {
  render(BarChart, {
    caption: 'Time to first text',
    format: (value: number) => `${value} ms`,
    points: [
      { label: 'Mar 1', value: 400 },
      { label: 'Mar 2', value: null },
      { label: 'Mar 3', value: 200 },
    ],
  });
  const bars = document.querySelectorAll('rect.bar');
  expect(bars).toHaveLength(2);
  expect(bars[0]!.querySelector('title')!.textContent).toBe('Mar 1: 400 ms');
  const rows = screen.getAllByRole('row').map((row) => row.textContent);
  expect(rows).toContain('Mar 2no data');
  expect(rows).toContain('Mar 3200 ms');
});

test('a chart with no data says so instead of drawing nothing', () => {
  render(BarChart, { caption: 'x', format: String, points: [{ label: 'Mar 1', value: null }] });
  expect(screen.getByText('No data for this period yet.')).toBeTruthy();
});
