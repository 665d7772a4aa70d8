import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { ConversationDetail, ConversationMessageView, ConversationSummary } from '@server/channels/schemas.js';
import { api } from '../../shared/api/client.js';
import { useServerEvent } from '../../shared/socket/socket.js';

export type Conversation = Static<typeof ConversationSummary>;
export type Detail = Static<typeof ConversationDetail>;
export type Message = Static<typeof ConversationMessageView>;

export const conversationsKey = ['operator', 'conversations'] as const;
export const conversationKey = (id: string) => ['operator', 'conversation', id] as const;

/** Open conversations, latest message first (GET /api/conversations?open=true); kept fresh by the conversation events. */
export function useConversations() {
  const client = useQueryClient();
  const list = useQuery({
    queryKey: conversationsKey,
    queryFn: ({ signal }) => api.get<{ items: Conversation[] }>('/api/conversations', { open: true, limit: 50 }, signal),
  });
  const refresh = () => void client.invalidateQueries({ queryKey: conversationsKey });
  useServerEvent('conversation.message.v1', refresh);
  useServerEvent('conversation.claimed.v1', refresh);
  useServerEvent('ticket.updated.v1', refresh);
  return list;
}

/** One conversation with its messages; read again when a message comes or goes, is delivered, or it is taken. */
export function useConversation(id: string) {
  const client = useQueryClient();
  const detail = useQuery({ queryKey: conversationKey(id), queryFn: ({ signal }) => api.get<Detail>(`/api/conversations/${id}`, undefined, signal) });
  const refresh = (event: { conversationId: string }) => {
    if (event.conversationId === id) void client.invalidateQueries({ queryKey: conversationKey(id) });
  };
  useServerEvent('conversation.message.v1', refresh);
  useServerEvent('conversation.delivery.v1', refresh);
  useServerEvent('conversation.claimed.v1', refresh);
  return detail;
}
