/**
 * socket.io events of the written channels (issue 15), emitted after commit to role:operator and role:supervisor.
 * Ids and states only, never the citizen's address nor the text (R22): the desk fetches the conversation.
 *   conversation.message.v1  a message in or out of a conversation; `newConversation` when it opened a ticket
 *   conversation.claimed.v1  an operator took a conversation
 *   conversation.delivery.v1 an outbound message was sent, or failed for good
 */
import type { Server } from 'socket.io';
import { rooms } from '../realtime/socket.js';
import type { ChannelKind } from './types.js';

const hotlineRooms = [rooms.role('operator'), rooms.role('supervisor')];

export interface ConversationMessageV1 {
  conversationId: string;
  ticketId: string;
  receiptCode: string;
  channel: ChannelKind;
  messageId: string;
  direction: 'in' | 'out';
  kind: 'citizen' | 'acknowledgement' | 'reply' | 'answer';
  newConversation: boolean;
  at: string;
}

export interface ConversationClaimedV1 {
  conversationId: string;
  ticketId: string;
  claimedBy: string | null;
  at: string;
}

export interface ConversationDeliveryV1 {
  conversationId: string;
  messageId: string;
  status: 'sent' | 'failed';
  at: string;
}

export interface ConversationEvents {
  'conversation.message.v1': ConversationMessageV1;
  'conversation.claimed.v1': ConversationClaimedV1;
  'conversation.delivery.v1': ConversationDeliveryV1;
}

export function emitConversationEvent<K extends keyof ConversationEvents>(io: Server, name: K, payload: ConversationEvents[K]): void {
  io.to(hotlineRooms).emit(name, payload);
}
