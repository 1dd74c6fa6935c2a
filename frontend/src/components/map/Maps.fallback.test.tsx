import { screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';

import { TextField } from '@/components/FormField';
import { PinPicker, PointMap } from '@/components/map/Maps';
import { renderWithProviders } from '@/testing/render';

// The map's code cannot be loaded (offline, a deploy replaced the chunk): the import fails.
vi.mock('@/components/map/LeafletMaps', () => {
  throw new Error('Failed to fetch dynamically imported module');
});

describe('a map that cannot load', () => {
  it('leaves a note and the address form working', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    function AddressForm() {
      const [street, setStreet] = useState('');
      return (
        <>
          <TextField label="Ko'cha" value={street} onChange={(event) => setStreet(event.target.value)} />
          <PinPicker value={null} onChange={vi.fn()} />
        </>
      );
    }
    const { user } = renderWithProviders(<AddressForm />);

    expect(await screen.findByText("Xaritani yuklab bo'lmadi. Manzilni matn bilan to'ldiring.")).toBeInTheDocument();
    await user.type(screen.getByLabelText("Ko'cha"), 'Navoiy');
    expect(screen.getByLabelText("Ko'cha")).toHaveValue('Navoiy');
  });

  it('shows a note instead of the courier map', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    renderWithProviders(<PointMap point={{ latitude: '41.3', longitude: '69.2' }} label="Kuryer shu yerda" />);

    expect(await screen.findByText("Xaritani yuklab bo'lmadi.")).toBeInTheDocument();
  });
});
