import { defineMessages, useMessages } from '../shared/i18n/i18n.js';
import { PlaceholderHome } from '../shared/layout/PlaceholderHome.js';

const messages = defineMessages({ title: 'Quản trị' }, { title: 'Administration' });

/** Placeholder until the admin console replaces it: the shared frame, navigation and sign-out. */
export default function AdminDesk() {
  const t = useMessages(messages);
  return <PlaceholderHome title={t.title} />;
}
