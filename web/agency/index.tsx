import { Route, Switch } from 'wouter';
import { useMessages } from '../shared/i18n/i18n.js';
import { Shell } from '../shared/layout/Shell.js';
import { useLiveAgencyTickets } from './api.js';
import { ContactsPage } from './ContactsPage.js';
import { KbPage } from './kb/KbPage.js';
import { agencyMessages } from './messages.js';
import { TicketList } from './TicketList.js';
import { TicketView } from './TicketView.js';
import './agency.css';

/**
 * The agency portal (R12–R15, R24): the level-2 officer's tickets, each to acknowledge, report on, resolve or return;
 * the agency's own questions and answers, and its contact details.
 */
export default function AgencyDesk() {
  const t = useMessages(agencyMessages);
  useLiveAgencyTickets();
  return (
    <Shell title={t.title} nav={[{ href: '/', label: t.nav.tickets }, { href: '/kb', label: t.nav.kb }, { href: '/contacts', label: t.nav.contacts }]}>
      <Switch>
        <Route path="/kb" component={KbPage} />
        <Route path="/contacts" component={ContactsPage} />
        <Route path="/tickets/:id">{(params) => <TicketView key={params.id} id={params.id} />}</Route>
        <Route>
          <TicketList />
        </Route>
      </Switch>
    </Shell>
  );
}
