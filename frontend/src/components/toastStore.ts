import { create } from 'zustand';

export type ToastKind = 'error' | 'success' | 'info';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

interface ToastState {
  toasts: Toast[];
  show: (kind: ToastKind, message: string) => void;
  dismiss: (id: number) => void;
}

let nextId = 1;

export const useToastStore = create<ToastState>()((set) => ({
  toasts: [],
  show: (kind, message) =>
    set((state) => ({
      // The same message twice (a burst of failing requests) is shown once.
      toasts: state.toasts.some((toast) => toast.kind === kind && toast.message === message)
        ? state.toasts
        : [...state.toasts, { id: nextId++, kind, message }],
    })),
  dismiss: (id) => set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) })),
}));

/** Shows a toast from anywhere, including code outside React (query and mutation callbacks). */
export const toast = {
  error: (message: string) => useToastStore.getState().show('error', message),
  success: (message: string) => useToastStore.getState().show('success', message),
  info: (message: string) => useToastStore.getState().show('info', message),
};
