import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, expect, test, vi } from 'vitest';
import type { ServiceArea, ServiceAreaPreview } from '../../api-types';
import { settle } from '../../test-helpers';

vi.mock('$app/navigation', () => ({ goto: vi.fn() }));
vi.mock('$app/paths', () => ({ resolve: (path: string) => path }));

const { api, ApiError } = await import('../../api');
const { default: ServiceAreaForm } = await import('./ServiceAreaForm.svelte');

/** A stand-in for the api's preview: enough to tell which draft it was asked about. */
function previewOf(area: ServiceArea): ServiceAreaPreview {
  const radius = area.radiusMiles && area.radiusAround ? `Austin and ${area.radiusMiles} miles around` : '';
  return {
    text: radius ? `${radius} — 105 ZIP codes` : 'Everywhere: no service area set',
    zipCount: radius ? 105 : 0,
    unknownZipCodes: area.zipCodes.filter((zip) => zip === '00001'),
    unknownCities: area.cities.filter((city) => city === 'Atlantis'),
    citiesNeedingState: [],
    radiusCenterUnknown: area.radiusAround === 'Nowhere',
  };
}

const empty: ServiceArea = { description: '', zipCodes: [], cities: [] };
beforeEach(() => {
  vi.restoreAllMocks();
  vi.spyOn(api, 'previewServiceArea').mockImplementation(async (area) => previewOf(area));
});

test('the fields are labelled, and the stored area is previewed at once', async () => {
  render(ServiceAreaForm, {
    value: {
      description: 'Austin',
      zipCodes: ['78701'],
      cities: ['Round Rock'],
      radiusMiles: 25,
      radiusAround: 'Austin, TX',
      alertOutOfArea: true,
    },
    onSave: vi.fn(),
  });
  await settle();
  expect((screen.getByLabelText('Miles around') as HTMLInputElement).value).toBe('25');
  expect((screen.getByLabelText('Around') as HTMLInputElement).value).toBe('Austin, TX');
  expect((screen.getByLabelText('ZIP codes') as HTMLTextAreaElement).value).toBe('78701');
  expect((screen.getByLabelText('Towns') as HTMLTextAreaElement).value).toBe('Round Rock');
  expect((screen.getByLabelText('Text me when an out-of-area caller is turned away') as HTMLInputElement).checked).toBe(true);
  expect(screen.getByTestId('area-preview-text').textContent).toBe('Austin and 25 miles around — 105 ZIP codes');
  expect(api.previewServiceArea).toHaveBeenCalledTimes(1);
});

test('the preview follows the owner as they type, with what it could not place as a gentle warning', async () => {
  render(ServiceAreaForm, { value: empty, onSave: vi.fn(), previewDelayMs: 5 });
  await settle();
  expect(screen.getByTestId('area-preview-text').textContent).toBe('Everywhere: no service area set');
  await fireEvent.input(screen.getByTestId('area-radius-miles'), { target: { value: '30' } });
  await fireEvent.input(screen.getByTestId('area-radius-around'), { target: { value: 'Austin, TX' } });
  await fireEvent.input(screen.getByTestId('area-zips'), { target: { value: '78701, 00001' } });
  await fireEvent.input(screen.getByTestId('area-cities'), { target: { value: 'Atlantis' } });
  await new Promise((resolve) => setTimeout(resolve, 20));
  await settle();
  expect(screen.getByTestId('area-preview-text').textContent).toBe('Austin and 30 miles around — 105 ZIP codes');
  expect(api.previewServiceArea).toHaveBeenLastCalledWith({
    description: '',
    zipCodes: ['78701', '00001'],
    cities: ['Atlantis'],
    radiusMiles: 30,
    radiusAround: 'Austin, TX',
  });
  // Typed in quick succession: one question for the burst, not one per key.
  expect((api.previewServiceArea as ReturnType<typeof vi.fn>).mock.calls.length).toBeLessThanOrEqual(3);
  const warnings = screen.getByTestId('area-preview-warnings').textContent ?? '';
  expect(warnings).toMatch(/not a ZIP code we know: 00001/);
  expect(warnings).toMatch(/could not find “Atlantis”/);
});

test('saved with the radius and the alert; a radius without its center is refused before anything is sent', async () => {
  const onSave = vi.fn(async () => {});
  render(ServiceAreaForm, { value: empty, onSave, previewDelayMs: 0 });
  await fireEvent.input(screen.getByTestId('area-radius-miles'), { target: { value: '25' } });
  await fireEvent.click(screen.getByTestId('area-save'));
  expect(onSave).not.toHaveBeenCalled();
  expect(screen.getByRole('alert').textContent).toMatch(/where the 25 miles are measured from/);

  await fireEvent.input(screen.getByTestId('area-radius-around'), { target: { value: '500 Congress Ave, Austin, TX 78701' } });
  await fireEvent.input(screen.getByTestId('area-cities'), { target: { value: 'Round Rock, TX, Georgetown' } });
  await fireEvent.click(screen.getByTestId('area-alert'));
  await fireEvent.click(screen.getByTestId('area-save'));
  await settle();
  expect(onSave).toHaveBeenCalledWith({
    description: '',
    zipCodes: [],
    cities: ['Round Rock, TX', 'Georgetown'],
    radiusMiles: 25,
    radiusAround: '500 Congress Ave, Austin, TX 78701',
    alertOutOfArea: true,
  });
  expect(screen.getByRole('status').textContent).toMatch(/Saved/);
});

test('a preview that fails says so and does not stop the owner saving', async () => {
  vi.spyOn(api, 'previewServiceArea').mockRejectedValue(new ApiError(0, 'network_error', "Can't reach NeverMissCall."));
  const onSave = vi.fn(async () => {});
  render(ServiceAreaForm, { value: { ...empty, zipCodes: ['78701'] }, onSave });
  await settle();
  expect(screen.getByTestId('area-preview').textContent).toMatch(/No preview right now: Can't reach NeverMissCall\. You can still save\./);
  await fireEvent.click(screen.getByTestId('area-save'));
  await settle();
  expect(onSave).toHaveBeenCalledWith({ description: '', zipCodes: ['78701'], cities: [] });
});
