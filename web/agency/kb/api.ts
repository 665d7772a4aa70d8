import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { KbEntryView, KbListItemView, NewKbEntry } from '@server/kb/schemas.js';
import { api } from '../../shared/api/client.js';

export type KbListItem = Static<typeof KbListItemView>;
export type KbEntry = Static<typeof KbEntryView>;
export type KbDraft = Pick<Static<typeof NewKbEntry>, 'question' | 'answer'> & { keywords: string | null; fieldId: string | null };
export type KbStatus = 'active' | 'inactive' | 'all';

const listKey = ['agency', 'kb'] as const;
const entryKey = (id: string) => ['agency', 'kb-entry', id] as const;

/** The agency's own entries (the server keeps an officer to their agency, R22), newest change first. */
export function useKbList(q: string, status: KbStatus) {
  return useQuery({
    queryKey: [...listKey, q, status],
    queryFn: ({ signal }) => api.get<{ items: KbListItem[]; total: number }>('/api/kb', { q: q.trim(), status, limit: 100 }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useKbEntry(id: string | null) {
  return useQuery({
    queryKey: entryKey(id ?? ''),
    enabled: id !== null,
    queryFn: ({ signal }) => api.get<KbEntry>(`/api/kb/${id}`, undefined, signal),
  });
}

/** Save a new entry (for the officer's agency, by default) or changes to one; withdraw it or bring it back. */
export function useKbWrites() {
  const client = useQueryClient();
  const saved = (entry: KbEntry) => {
    client.setQueryData(entryKey(entry.id), entry);
    void client.invalidateQueries({ queryKey: listKey });
  };
  return {
    save: useMutation({
      mutationFn: ({ id, draft }: { id: string | null; draft: KbDraft }) => (id ? api.patch<KbEntry>(`/api/kb/${id}`, draft) : api.post<KbEntry>('/api/kb', draft)),
      onSuccess: saved,
    }),
    /** Withdrawing is DELETE (audited as such; the entry is kept, inactive); bringing back is a change. */
    setActive: useMutation({
      mutationFn: ({ id, active }: { id: string; active: boolean }) => (active ? api.patch<KbEntry>(`/api/kb/${id}`, { active }) : api.delete<undefined>(`/api/kb/${id}`)),
      onSuccess: (_result, { id }) => {
        void client.invalidateQueries({ queryKey: entryKey(id) });
        void client.invalidateQueries({ queryKey: listKey });
      },
    }),
  };
}
