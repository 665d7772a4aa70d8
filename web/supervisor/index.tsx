import { defineMessages, useMessages } from '../shared/i18n/i18n.js';
import { PlaceholderHome } from '../shared/layout/PlaceholderHome.js';

const messages = defineMessages({ title: 'Giám sát' }, { title: 'Supervisor' });

/** Placeholder until the supervisor wallboard and tools (issue 13, second part) replaces it: the shared frame, navigation and sign-out. */
export default function SupervisorDesk() {
  const t = useMessages(messages);
  return <PlaceholderHome title={t.title} />;
}
