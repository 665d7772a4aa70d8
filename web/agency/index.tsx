import { defineMessages, useMessages } from '../shared/i18n/i18n.js';
import { PlaceholderHome } from '../shared/layout/PlaceholderHome.js';

const messages = defineMessages({ title: 'Đơn vị xử lý' }, { title: 'Agency' });

/** Placeholder until the agency portal replaces it: the shared frame, navigation and sign-out. */
export default function AgencyDesk() {
  const t = useMessages(messages);
  return <PlaceholderHome title={t.title} />;
}
