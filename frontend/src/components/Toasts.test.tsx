import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { toast } from '@/components/toastStore';
import { Toasts } from '@/components/Toasts';

describe('Toasts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('announces a toast and removes it after a few seconds', () => {
    render(<Toasts />);

    act(() => toast.success("Savatga qo'shildi"));

    expect(screen.getByRole('status')).toHaveTextContent("Savatga qo'shildi");

    act(() => vi.advanceTimersByTime(5999));
    expect(screen.getByRole('status')).toBeInTheDocument();

    act(() => vi.advanceTimersByTime(1));
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('shows a repeated message once', () => {
    render(<Toasts />);

    act(() => {
      toast.error("Server bilan bog'lanib bo'lmadi");
      toast.error("Server bilan bog'lanib bo'lmadi");
      toast.info('Buyurtma qabul qilindi');
    });

    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(screen.getAllByRole('status')).toHaveLength(1);
  });
});
