import { lazy, Suspense, type ReactNode } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { useMessages } from '../shared/i18n/i18n.js';
import { commonMessages } from '../shared/i18n/common.js';
import { useMe } from '../shared/session/session.js';
import { SocketProvider } from '../shared/socket/socket.js';
import { Loading, NotFoundPage } from '../shared/ui/states.js';
import { SignInPage } from '../sign-in/SignInPage.js';
import { desks, homeOf } from './desks.js';

/** The citizens' portal: no sign-in, its own chunk. */
const PublicPortal = lazy(() => import('../public/index.js'));

/**
 * The pages' routes: the citizens' portal at /public for anyone; the sign-in page, then each desk for its roles;
 * `/` sends a user to their own desk.
 */
export function App() {
  const me = useMe();
  const t = useMessages(commonMessages);
  const [location] = useLocation();
  if (location === '/public' || location.startsWith('/public/')) {
    return (
      <Suspense fallback={<Loading label={t.loading} />}>
        <PublicPortal />
      </Suspense>
    );
  }
  if (me.isPending) return <Loading label={t.loading} />;
  const user = me.data ?? null;
  return (
    <Switch>
      <Route path="/sign-in">{user ? <Redirect to={homeOf(user.role)} replace /> : <SignInPage />}</Route>
      {!user && (
        <Route>
          <Redirect to="/sign-in" replace />
        </Route>
      )}
      {user && (
        <SignedIn userId={user.id}>
          <Switch>
            <Route path="/">
              <Redirect to={homeOf(user.role)} replace />
            </Route>
            {desks
              .filter((desk) => desk.roles.includes(user.role))
              .map(({ path, Component }) => (
                <Route key={path} path={path} nest>
                  <Suspense fallback={<Loading label={t.loading} />}>
                    <Component />
                  </Suspense>
                </Route>
              ))}
            <Route>
              <NotFoundPage home={homeOf(user.role)} />
            </Route>
          </Switch>
        </SignedIn>
      )}
    </Switch>
  );
}

function SignedIn({ userId, children }: { userId: string; children: ReactNode }) {
  return (
    <SocketProvider key={userId}>
      {children}
    </SocketProvider>
  );
}
