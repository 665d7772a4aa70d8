import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { saveTicket, ticketKey, type Ticket, type TicketEdit } from './api.js';

export interface TicketDraft {
  citizenName: string;
  citizenPhone: string;
  citizenAddress: string;
  fieldId: string;
  urgency: Ticket['urgency'];
  content: string;
}

export type SaveState = { kind: 'idle' } | { kind: 'pending' } | { kind: 'saving' } | { kind: 'saved'; at: number } | { kind: 'error'; error: unknown };

/** The server's pattern for a phone number (src/tickets/schemas.ts): a wrong one is not sent, the field says why. */
export const phonePattern = /^[0-9+][0-9 .-]{2,19}$/;

export function draftOf(ticket: Ticket): TicketDraft {
  return {
    citizenName: ticket.citizenName ?? '',
    citizenPhone: ticket.citizenPhone ?? '',
    citizenAddress: ticket.citizenAddress ?? '',
    fieldId: ticket.fieldId ?? '',
    urgency: ticket.urgency,
    // A call's draft holds a placeholder until the operator writes the content.
    content: ticket.draft ? '' : ticket.content,
  };
}

/** What to send for the fields changed: empty texts clear, content is sent only once written, a bad phone never. */
function changesOf(draft: TicketDraft, dirty: ReadonlySet<keyof TicketDraft>): TicketEdit {
  const changes: TicketEdit = {};
  const text = (value: string) => (value.trim() === '' ? null : value.trim());
  for (const key of dirty) {
    switch (key) {
      case 'citizenName':
      case 'citizenAddress':
        changes[key] = text(draft[key]);
        break;
      case 'citizenPhone':
        if (draft.citizenPhone.trim() === '' || phonePattern.test(draft.citizenPhone.trim())) changes.citizenPhone = text(draft.citizenPhone);
        break;
      case 'fieldId':
        changes.fieldId = draft.fieldId || null;
        break;
      case 'urgency':
        changes.urgency = draft.urgency;
        break;
      case 'content':
        if (draft.content.trim()) changes.content = draft.content.trim();
        break;
    }
  }
  return changes;
}

const delayMs = 800;

/**
 * The ticket saved as the operator types (PATCH /api/tickets/{id}): 0.8 s after the last keystroke, only the fields
 * changed, one request at a time (what is typed meanwhile goes in the next). `flush()` saves now (before completing).
 */
export function useAutosave(ticket: Ticket) {
  const client = useQueryClient();
  const [draft, setDraft] = useState<TicketDraft>(() => draftOf(ticket));
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const latest = useRef(draft);
  const dirty = useRef(new Set<keyof TicketDraft>());
  const timer = useRef<number | undefined>(undefined);
  const running = useRef<Promise<void> | null>(null);

  const save = useCallback(async (): Promise<void> => {
    window.clearTimeout(timer.current);
    if (running.current) await running.current;
    const changes = changesOf(latest.current, dirty.current);
    dirty.current = new Set();
    if (Object.keys(changes).length === 0) {
      setState((s) => (s.kind === 'pending' ? { kind: 'idle' } : s));
      return;
    }
    setState({ kind: 'saving' });
    const run = saveTicket(ticket.id, changes).then(
      (saved) => {
        client.setQueryData(ticketKey(ticket.id), saved);
        // "My tickets" shows the draft badge and the excerpt: read it again.
        void client.invalidateQueries({ queryKey: ['operator', 'my-tickets'] });
        setState(dirty.current.size > 0 ? { kind: 'pending' } : { kind: 'saved', at: Date.now() });
      },
      (error: unknown) => {
        // Not lost: the fields go back to the next attempt.
        for (const key of Object.keys(changes) as Array<keyof TicketDraft>) dirty.current.add(key);
        setState({ kind: 'error', error });
      },
    );
    running.current = run.finally(() => {
      running.current = null;
    });
    await running.current;
  }, [client, ticket.id]);

  const update = useCallback(
    <K extends keyof TicketDraft>(key: K, value: TicketDraft[K]) => {
      latest.current = { ...latest.current, [key]: value };
      setDraft(latest.current);
      dirty.current.add(key);
      setState({ kind: 'pending' });
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void save(), delayMs);
    },
    [save],
  );

  // Leaving the ticket (closed, another one opened) saves what was typed.
  useEffect(
    () => () => {
      if (dirty.current.size > 0) void save();
      window.clearTimeout(timer.current);
    },
    [save],
  );

  return { draft, update, state, flush: save };
}
