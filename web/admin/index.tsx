import { Route, Switch } from 'wouter';
import { useMessages } from '../shared/i18n/i18n.js';
import { Shell } from '../shared/layout/Shell.js';
import { AuditPage } from './audit/AuditPage.js';
import { CalendarsPage } from './calendars/CalendarsPage.js';
import { CapacityPage } from './capacity/CapacityPage.js';
import { ChannelsPage } from './channels/ChannelsPage.js';
import { IvrPage } from './ivr/IvrPage.js';
import { KbImportPage } from './kb/KbImportPage.js';
import { adminMessages } from './messages.js';
import { NumbersPage } from './numbers/NumbersPage.js';
import { PromptsPage } from './prompts/PromptsPage.js';
import { PublishAnswers } from './publication/PublishAnswers.js';
import { SlaPage } from './sla/SlaPage.js';
import { UsersPage } from './users/UsersPage.js';
import './admin.css';

/** The admin console (R24): how the hotline works, changed without a redeploy; every change validated and audited. */
export default function AdminDesk() {
  const t = useMessages(adminMessages);
  const nav = [
    { href: '/', label: t.nav.capacity },
    { href: '/numbers', label: t.nav.numbers },
    { href: '/ivr', label: t.nav.ivr },
    { href: '/prompts', label: t.nav.prompts },
    { href: '/calendars', label: t.nav.calendars },
    { href: '/sla', label: t.nav.sla },
    { href: '/users', label: t.nav.users },
    { href: '/channels', label: t.nav.channels },
    { href: '/publish', label: t.nav.publish },
    { href: '/kb', label: t.nav.kb },
    { href: '/audit', label: t.nav.audit },
  ];
  return (
    <Shell title={t.title} nav={nav}>
      <Switch>
        <Route path="/numbers" component={NumbersPage} />
        <Route path="/ivr" component={IvrPage} />
        <Route path="/prompts" component={PromptsPage} />
        <Route path="/calendars" component={CalendarsPage} />
        <Route path="/sla" component={SlaPage} />
        <Route path="/users" component={UsersPage} />
        <Route path="/channels" component={ChannelsPage} />
        <Route path="/publish" component={PublishAnswers} />
        <Route path="/kb" component={KbImportPage} />
        <Route path="/audit" component={AuditPage} />
        <Route component={CapacityPage} />
      </Switch>
    </Shell>
  );
}
