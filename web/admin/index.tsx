import { useMessages } from '../shared/i18n/i18n.js';
import { Desk } from '../shared/layout/Desk.js';
import { AgenciesPage } from './agencies/AgenciesPage.js';
import { agencyAdminMessages } from './agencies/messages.js';
import { AuditPage } from './audit/AuditPage.js';
import { CalendarsPage } from './calendars/CalendarsPage.js';
import { CapacityPage } from './capacity/CapacityPage.js';
import { ChannelsPage } from './channels/ChannelsPage.js';
import { FieldsPage } from './fields/FieldsPage.js';
import { fieldMessages } from './fields/messages.js';
import { IvrPage } from './ivr/IvrPage.js';
import { KbImportPage } from './kb/KbImportPage.js';
import { adminMessages } from './messages.js';
import { NumbersPage } from './numbers/NumbersPage.js';
import { phoneMessages } from './phones/messages.js';
import { PhonesPage } from './phones/PhonesPage.js';
import { PromptsPage } from './prompts/PromptsPage.js';
import { PublishAnswers } from './publication/PublishAnswers.js';
import { SlaPage } from './sla/SlaPage.js';
import { UsersPage } from './users/UsersPage.js';
import './admin.css';

/** The admin console (R24): how the hotline works, changed without a redeploy; every change validated and audited. */
export default function AdminDesk() {
  const t = useMessages(adminMessages);
  const fields = useMessages(fieldMessages);
  const agencies = useMessages(agencyAdminMessages);
  const phones = useMessages(phoneMessages);
  return (
    <Desk
      title={t.title}
      pages={[
        { href: '/', label: t.nav.capacity, component: CapacityPage },
        { href: '/numbers', label: t.nav.numbers, component: NumbersPage },
        { href: '/ivr', label: t.nav.ivr, component: IvrPage },
        { href: '/prompts', label: t.nav.prompts, component: PromptsPage },
        { href: '/calendars', label: t.nav.calendars, component: CalendarsPage },
        { href: '/sla', label: t.nav.sla, component: SlaPage },
        { href: '/fields', label: fields.nav, component: FieldsPage },
        { href: '/agencies', label: agencies.nav, component: AgenciesPage },
        { href: '/users', label: t.nav.users, component: UsersPage },
        { href: '/phones', label: phones.nav, component: PhonesPage },
        { href: '/channels', label: t.nav.channels, component: ChannelsPage },
        { href: '/publish', label: t.nav.publish, component: PublishAnswers },
        { href: '/kb', label: t.nav.kb, component: KbImportPage },
        { href: '/audit', label: t.nav.audit, component: AuditPage },
      ]}
    />
  );
}
