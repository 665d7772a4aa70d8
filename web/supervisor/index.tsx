import { Route, Switch } from 'wouter';
import { useMessages } from '../shared/i18n/i18n.js';
import { Shell } from '../shared/layout/Shell.js';
import { LiveFloor } from './floor/LiveFloor.js';
import { supervisorMessages } from './messages.js';
import './supervisor.css';

/** The supervisor's desk (R8): the live floor with listen / whisper / barge. */
export default function SupervisorDesk() {
  const t = useMessages(supervisorMessages);
  return (
    <Shell title={t.title} nav={[{ href: '/', label: t.nav.floor }]}>
      <Switch>
        <Route path="/" component={LiveFloor} />
      </Switch>
    </Shell>
  );
}
