import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, expect, test, vi } from 'vitest';
import { settle } from '../../test-helpers';

vi.mock('$app/navigation', () => ({ goto: vi.fn() }));
vi.mock('$app/paths', () => ({ resolve: (path: string) => path }));

const { api, ApiError } = await import('../../api');
const { default: HoursEditor } = await import('./HoursEditor.svelte');
const { default: NumberPicker } = await import('./NumberPicker.svelte');
const { default: BusinessForm } = await import('./BusinessForm.svelte');
const { default: PriceBookEditor } = await import('./PriceBookEditor.svelte');
const { default: CallHandlingForm } = await import('./CallHandlingForm.svelte');

beforeEach(() => vi.restoreAllMocks());

const nineToFive = [{ open: '09:00', close: '17:00' }];
const hours = {
  weekly: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [] },
  overrides: [],
};

test('hours: a closed weekday is saved as no hours, and a closed day is a dated override', async () => {
  const onSave = vi.fn(async () => {});
  render(HoursEditor, { value: hours, timeZone: 'America/Chicago', onSave });
  await fireEvent.click(screen.getByTestId('hours-fri-open'));
  await fireEvent.click(screen.getByTestId('add-override'));
  await fireEvent.input(screen.getByTestId('override-date'), { target: { value: '2026-12-25' } });
  await fireEvent.click(screen.getByTestId('hours-save'));
  await settle();
  expect(onSave).toHaveBeenCalledWith({
    weekly: { ...hours.weekly, fri: [] },
    overrides: [{ date: '2026-12-25', closed: true }],
  });
  expect(screen.getByRole('status').textContent).toMatch(/Saved/);
});

test('hours: closing before opening is explained and nothing is saved', async () => {
  const onSave = vi.fn(async () => {});
  render(HoursEditor, { value: hours, timeZone: 'America/Chicago', onSave });
  const [, close] = screen.getAllByLabelText(/^Monday (opens|closes) at/) as HTMLInputElement[];
  await fireEvent.input(close!, { target: { value: '08:00' } });
  await fireEvent.click(screen.getByTestId('hours-save'));
  expect(onSave).not.toHaveBeenCalled();
  expect(screen.getByRole('alert').textContent).toMatch(/On Monday, the closing time \(08:00\) must be after the opening time/);
});

test('business form: a phone number without area code is refused before anything is sent', async () => {
  const onSave = vi.fn(async () => {});
  render(BusinessForm, { value: { name: 'Ace Plumbing', trade: 'Plumbing', timeZone: 'America/Chicago', ownerPhone: '555-0101' }, onSave });
  await fireEvent.click(screen.getByTestId('business-save'));
  expect(onSave).not.toHaveBeenCalled();
  expect(screen.getByRole('alert').textContent).toMatch(/with area code/);
});

test("business form: the api's refusal is shown as a sentence to act on", async () => {
  const onSave = vi.fn(async () => {
    throw new ApiError(400, 'invalid_phone_number', 'ownerPhone: (512) 555-01 is too short');
  });
  render(BusinessForm, { value: { name: 'Ace', trade: 'Plumbing', timeZone: 'America/Chicago', ownerPhone: '+15125550101' }, onSave });
  await fireEvent.click(screen.getByTestId('business-save'));
  await settle();
  expect(screen.getByRole('alert').textContent).toBe('OwnerPhone: (512) 555-01 is too short.');
});

test('price book: rows are saved trimmed, empty rows dropped, and a service without a price is refused', async () => {
  const onSave = vi.fn(async () => {});
  render(PriceBookEditor, { value: [{ service: 'Drain cleaning', price: '$149' }], onSave });
  await fireEvent.click(screen.getByTestId('price-add'));
  await fireEvent.click(screen.getByTestId('price-add'));
  const services = screen.getAllByTestId('price-service');
  await fireEvent.input(services[1]!, { target: { value: '  Water heater install ' } });
  await fireEvent.click(screen.getByTestId('price-save'));
  expect(onSave).not.toHaveBeenCalled();
  expect(screen.getByRole('alert').textContent).toMatch(/Water heater install.*price/);

  await fireEvent.input(screen.getAllByTestId('price-amount')[1]!, { target: { value: '$1,200–$1,800' } });
  await fireEvent.click(screen.getByTestId('price-save'));
  await settle();
  expect(onSave).toHaveBeenCalledWith([
    { service: 'Drain cleaning', price: '$149' },
    { service: 'Water heater install', price: '$1,200–$1,800' },
  ]);
});

test('call handling: "always text back" turns forwarding off; a text-back delay is kept', async () => {
  const onSave = vi.fn(async () => {});
  render(CallHandlingForm, { value: { forwardToOwner: true, ringTimeoutSeconds: 20, textBackDelayMs: 0 }, onSave });
  await fireEvent.click(screen.getByTestId('call-forward-text'));
  await fireEvent.change(screen.getByTestId('text-back-delay'), { target: { value: '60000' } });
  await fireEvent.click(screen.getByTestId('calls-save'));
  await settle();
  expect(onSave).toHaveBeenCalledWith({ forwardToOwner: false, ringTimeoutSeconds: 20, textBackDelayMs: 60000 });
});

test('numbers: search by area code, buy one, and the page is told the business now has a number', async () => {
  vi.spyOn(api, 'numbers')
    .mockResolvedValueOnce({ numbers: [] })
    .mockResolvedValue({ numbers: [{ id: 'n1', e164: '+15125550142', twilioSid: 'PN1' }] });
  vi.spyOn(api, 'availableNumbers').mockResolvedValue({ numbers: [{ e164: '+15125550142', locality: 'Austin', region: 'TX' }] });
  const buy = vi.spyOn(api, 'buyNumber').mockResolvedValue({ id: 'n1', e164: '+15125550142', twilioSid: 'PN1' });
  const onChange = vi.fn();
  render(NumberPicker, { sandbox: true, onChange });
  await settle();
  expect(screen.getByTestId('numbers-empty')).toBeTruthy();

  await fireEvent.input(screen.getByTestId('area-code'), { target: { value: '51' } });
  await fireEvent.click(screen.getByTestId('number-search'));
  expect(screen.getByText('Enter a 3-digit area code, e.g. 512.')).toBeTruthy();

  await fireEvent.input(screen.getByTestId('area-code'), { target: { value: '512' } });
  await fireEvent.click(screen.getByTestId('number-search'));
  await settle();
  expect(api.availableNumbers).toHaveBeenCalledWith('512');
  expect(screen.getByTestId('available-number').textContent).toMatch(/\(512\) 555-0142.*Austin, TX/);

  await fireEvent.click(screen.getByTestId('number-buy'));
  await settle();
  expect(buy).toHaveBeenCalledWith('+15125550142');
  expect(onChange).toHaveBeenCalledWith([{ id: 'n1', e164: '+15125550142', twilioSid: 'PN1' }]);
  expect(screen.getByTestId('owned-number').textContent).toMatch(/\(512\) 555-0142/);
});
