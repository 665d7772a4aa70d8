import { Route, Switch } from 'wouter';
import { useMessages } from '../shared/i18n/i18n.js';
import { Shell } from '../shared/layout/Shell.js';
import { LiveFloor } from './floor/LiveFloor.js';
import { CallHistory } from './history/CallHistory.js';
import { supervisorMessages } from './messages.js';
import { PublishPage } from './publish/PublishPage.js';
import { Reports } from './reports/Reports.js';
import { ScheduledReports } from './scheduled/ScheduledReports.js';
import { TicketStats } from './ticket-stats/TicketStats.js';
import { Wallboard } from './wallboard/Wallboard.js';
import './supervisor.css';

/** The supervisor's desk (R8): the live floor with listen / whisper / barge, the wallboard, call history, call reports, ticket statistics,
 * the scheduled reports, publishing answers. */
export default function SupervisorDesk() {
  const t = useMessages(supervisorMessages);
  return (
    <Shell title={t.title} nav={[
        { href: '/', label: t.nav.floor },
        { href: '/wallboard', label: t.nav.wallboard },
        { href: '/calls', label: t.nav.calls },
        { href: '/reports', label: t.nav.reports },
        { href: '/tickets', label: t.nav.tickets },
        { href: '/scheduled', label: t.nav.scheduled },
        { href: '/publish', label: t.nav.publish },
      ]}>
      <Switch>
        <Route path="/" component={LiveFloor} />
        <Route path="/wallboard" component={Wallboard} />
        <Route path="/calls" component={CallHistory} />
        <Route path="/reports" component={Reports} />
        <Route path="/tickets" component={TicketStats} />
        <Route path="/scheduled" component={ScheduledReports} />
        <Route path="/publish" component={PublishPage} />
      </Switch>
    </Shell>
  );
}
