import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, type Paginated } from '@/lib/api';
import { queryKeys } from '@/lib/queryKeys';

// The customer's prescriptions (`/api/v1/prescriptions/`, apps/prescriptions/api.py).

export type PrescriptionStatus = 'pending' | 'approved' | 'rejected' | 'expired';

export interface Prescription {
  id: number;
  status: PrescriptionStatus;
  created_at: string;
  doctor_name: string;
  clinic_name: string;
  issued_on: string | null;
  valid_until: string | null;
  rejection_reason: string;
  /** The reason in the request's language, as the API words it. */
  rejection_reason_display?: string;
  rejection_note: string;
  images?: { id: number; url: string }[];
}

export interface PrescriptionUpload {
  images: File[];
  doctor_name: string;
  clinic_name: string;
  issued_on: string;
  e_prescription_number: string;
  customer_note: string;
}

export function usePrescriptions(page: number) {
  return useQuery({
    queryKey: [...queryKeys.prescriptions, 'list', page],
    queryFn: async ({ signal }) =>
      (await api.get<Paginated<Prescription>>('/prescriptions/', { params: { page: page > 1 ? page : undefined }, signal })).data,
  });
}

export function useUploadPrescription() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ images, ...fields }: PrescriptionUpload) => {
      const form = new FormData();
      for (const image of images) form.append('images', image);
      for (const [key, value] of Object.entries(fields)) if (value.trim()) form.append(key, value.trim());
      return (await api.post<Prescription>('/prescriptions/', form)).data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.prescriptions }),
  });
}

export function useDeletePrescription() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: number) => {
      await api.delete(`/prescriptions/${id}/`);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.prescriptions }),
  });
}
