import { useMutation } from '@tanstack/react-query';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { api } from '@/lib/api';
import { apiError } from '@/testing/handlers';
import { renderWithProviders } from '@/testing/render';
import { server } from '@/testing/server';

function AddToCartButton() {
  const addToCart = useMutation({
    mutationFn: () => api.post('/orders/cart/add/', { product_id: 7, quantity: 2 }),
  });
  return (
    <button type="button" onClick={() => addToCart.mutate()}>
      Savatga qo'shish
    </button>
  );
}

describe('query client', () => {
  it('shows an error toast with the API message when an action fails, until dismissed', async () => {
    server.use(
      http.post('/api/v1/orders/cart/add/', () =>
        HttpResponse.json(apiError('insufficient_stock', "Omborda yetarli dori yo'q"), { status: 409 }),
      ),
    );
    const { user } = renderWithProviders(<AddToCartButton />);

    await user.click(screen.getByRole('button', { name: "Savatga qo'shish" }));

    const notifications = screen.getByRole('region', { name: 'Bildirishnomalar' });
    const toast = await within(notifications).findByRole('alert');
    expect(toast).toHaveTextContent("Omborda yetarli dori yo'q");

    await user.click(within(toast).getByRole('button', { name: 'Yopish' }));

    expect(within(notifications).queryByRole('alert')).not.toBeInTheDocument();
  });
});
