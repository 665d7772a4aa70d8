import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { TransferBody, TransferView } from '@server/transfer/schemas.js';
import { api, ApiError } from '../../shared/api/client.js';
import { useServerEvent } from '../../shared/socket/socket.js';

export type Transfer = Static<typeof TransferView>;
export type TransferRequest = Static<typeof TransferBody>;

const transferKey = (callId: string) => ['operator', 'transfer', callId] as const;

/** The call's transfer: the running one read afresh (none: null), then every `transfer.state.v1`. */
export function useTransfer(callId: string) {
  const client = useQueryClient();
  useServerEvent('transfer.state.v1', (event) => {
    if (event.callId === callId) client.setQueryData<Transfer | null>(transferKey(callId), event);
  });
  return useQuery({
    queryKey: transferKey(callId),
    queryFn: async ({ signal }) => {
      try {
        return await api.get<Transfer>(`/api/calls/${callId}/transfer`, undefined, signal);
      } catch (error) {
        if (error instanceof ApiError && (error.code === 'NO_TRANSFER' || error.code === 'CALL_NOT_CONNECTED')) return null;
        throw error;
      }
    },
    staleTime: Infinity,
  });
}

export function useTransferAction(callId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: { type: 'start'; body: TransferRequest } | { type: 'complete' } | { type: 'cancel' }) =>
      action.type === 'start'
        ? api.post<Transfer>(`/api/calls/${callId}/transfer`, action.body)
        : api.post<Transfer>(`/api/calls/${callId}/transfer/${action.type}`),
    onSuccess: (view) => client.setQueryData(transferKey(callId), view),
  });
}
