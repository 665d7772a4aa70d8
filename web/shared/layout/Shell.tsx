import type { ReactNode } from 'react';
import { Link, useRoute } from 'wouter';
import { commonMessages } from '../i18n/common.js';
import { languages, useLanguage, useMessages, type Language } from '../i18n/i18n.js';
import { useMe, useSignOut } from '../session/session.js';
import { useConnection } from '../socket/socket.js';
import { Field } from '../ui/Field.js';

export interface NavItem {
  /** Relative to the desk (wouter nest): '/', '/tickets'. */
  href: string;
  label: string;
}

interface ShellProps {
  /** The desk's name, shown beside the hotline's. */
  title: string;
  nav?: readonly NavItem[];
  /** Runs before the session ends (the operator desk leaves the queue first). */
  beforeSignOut?: () => Promise<unknown>;
  children: ReactNode;
}

/**
 * The frame of every signed-in page: the hotline's name and the desk's, the desk's navigation, the connection to the
 * server (a banner while it is lost), the language, who is signed in, and sign-out. The content is the page's <main>.
 */
export function Shell({ title, nav = [], beforeSignOut, children }: ShellProps) {
  const t = useMessages(commonMessages);
  const me = useMe();
  const signOut = useSignOut(beforeSignOut);
  const connection = useConnection();
  const user = me.data;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header className="shell-header">
        <div className="shell-brand">
          <span className="shell-logo" aria-hidden="true">
            1022
          </span>
          <span className="shell-names">
            <span className="shell-app">{t.appName}</span>
            <span className="shell-desk">{title}</span>
          </span>
        </div>
        {nav.length > 0 && (
          <nav className="shell-nav" aria-label={t.mainNavigation}>
            {nav.map((item) => (
              <NavLink key={item.href} item={item} />
            ))}
          </nav>
        )}
        <div className="shell-tools">
          <span className={`connection connection--${connection}`} role="status">
            {t.connection[connection]}
          </span>
          <LanguageSwitch />
          {user && <span className="shell-user">{t.signedInAs(user.fullName, t.roles[user.role])}</span>}
          <button type="button" className="button button--quiet" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
            {t.signOut}
          </button>
        </div>
      </header>
      {connection === 'reconnecting' && (
        <div className="banner banner--warning" role="alert">
          {t.connection.reconnecting}
        </div>
      )}
      <main id="main" className="shell-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

function NavLink({ item }: { item: NavItem }) {
  const [active] = useRoute(item.href);
  return (
    <Link href={item.href} className={active ? 'shell-nav-link is-active' : 'shell-nav-link'} aria-current={active ? 'page' : undefined}>
      {item.label}
    </Link>
  );
}

export function LanguageSwitch() {
  const t = useMessages(commonMessages);
  const { language, setLanguage } = useLanguage();
  return (
    <Field label={t.language} className="language-switch" hideLabel>
      {(id) => (
        <select id={id} value={language} onChange={(event) => setLanguage(event.target.value as Language)}>
          {languages.map((code) => (
            <option key={code} value={code} lang={code}>
              {t.languageNames[code]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
