import { isAxiosError } from 'axios';

import type { ApiErrorBody } from '@/lib/api';

/**
 * The per-field messages of a `validation_error` (`details: {field: [messages]}`), first message
 * per field, so a form can show each one next to its input.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!isAxiosError<Partial<ApiErrorBody> | undefined>(error)) return {};
  const body = error.response?.data?.error;
  if (body?.code !== 'validation_error' || !body.details) return {};
  const result: Record<string, string> = {};
  for (const [field, messages] of Object.entries(body.details)) {
    const first = Array.isArray(messages) ? messages[0] : messages;
    if (typeof first === 'string') result[field] = first;
  }
  return result;
}

/** The stable code of an API error, to branch on (`insufficient_stock`, `otp_invalid`...). */
export function apiErrorCode(error: unknown): string | null {
  if (!isAxiosError<Partial<ApiErrorBody> | undefined>(error)) return null;
  return error.response?.data?.error?.code ?? null;
}
