import type { ComponentType } from 'react';
import { Route, Switch } from 'wouter';
import { Shell } from './Shell.js';

/** One page of a desk: where it lives (relative to the desk), its name in the navigation, what it shows. */
export interface DeskPage {
  /** '/' is the desk's home, shown also for any path no other page claims. */
  href: string;
  label: string;
  component: ComponentType;
}

/**
 * A desk made of pages: the Shell with one navigation link per page and the page of the current path (wouter nest:
 * paths are the desk's own). The home page ('/') answers every path the others do not.
 */
export function Desk({ title, pages }: { title: string; pages: readonly DeskPage[] }) {
  const home = pages.find((page) => page.href === '/');
  return (
    <Shell title={title} nav={pages.map(({ href, label }) => ({ href, label }))}>
      <Switch>
        {pages
          .filter((page) => page !== home)
          .map((page) => (
            <Route key={page.href} path={page.href} component={page.component} />
          ))}
        {home && <Route component={home.component} />}
      </Switch>
    </Shell>
  );
}
