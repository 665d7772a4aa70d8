import { Route, Switch } from 'wouter';
import { useMessages } from '../shared/i18n/i18n.js';
import { Shell } from '../shared/layout/Shell.js';
import { LiveFloor } from './floor/LiveFloor.js';
import { CallHistory } from './history/CallHistory.js';
import { supervisorMessages } from './messages.js';
import { Reports } from './reports/Reports.js';
import { Wallboard } from './wallboard/Wallboard.js';
import './supervisor.css';

/** The supervisor's desk (R8): the live floor with listen / whisper / barge, the wallboard, call history, reports. */
export default function SupervisorDesk() {
  const t = useMessages(supervisorMessages);
  return (
    <Shell title={t.title} nav={[
        { href: '/', label: t.nav.floor },
        { href: '/wallboard', label: t.nav.wallboard },
        { href: '/calls', label: t.nav.calls },
        { href: '/reports', label: t.nav.reports },
      ]}>
      <Switch>
        <Route path="/" component={LiveFloor} />
        <Route path="/wallboard" component={Wallboard} />
        <Route path="/calls" component={CallHistory} />
        <Route path="/reports" component={Reports} />
      </Switch>
    </Shell>
  );
}
