import { useMessages } from '../shared/i18n/i18n.js';
import { Desk } from '../shared/layout/Desk.js';
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
    <Desk
      title={t.title}
      pages={[
        { href: '/', label: t.nav.floor, component: LiveFloor },
        { href: '/wallboard', label: t.nav.wallboard, component: Wallboard },
        { href: '/calls', label: t.nav.calls, component: CallHistory },
        { href: '/reports', label: t.nav.reports, component: Reports },
        { href: '/tickets', label: t.nav.tickets, component: TicketStats },
        { href: '/scheduled', label: t.nav.scheduled, component: ScheduledReports },
        { href: '/publish', label: t.nav.publish, component: PublishPage },
      ]}
    />
  );
}
