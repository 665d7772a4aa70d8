import { useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { homeOf } from '../app/desks.js';
import { commonMessages } from '../shared/i18n/common.js';
import { useMessages } from '../shared/i18n/i18n.js';
import { LanguageSwitch } from '../shared/layout/Shell.js';
import { useSignIn } from '../shared/session/session.js';
import { useErrorText } from '../shared/ui/states.js';
import { signInMessages } from './messages.js';
import './sign-in.css';

/** One sign-in for every role (the session cookie of /api/auth/login); each role then lands on its own desk. */
export function SignInPage() {
  const t = useMessages(signInMessages);
  const common = useMessages(commonMessages);
  const errorText = useErrorText();
  const signIn = useSignIn();
  const [, navigate] = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) {
      setMissing(true);
      return;
    }
    setMissing(false);
    signIn.mutate({ username: username.trim(), password }, { onSuccess: ({ user }) => navigate(homeOf(user.role), { replace: true }) });
  };

  const error = missing ? t.required : signIn.isError ? errorText(signIn.error) : null;
  return (
    <main id="main" className="sign-in">
      <div className="sign-in-card">
        <div className="sign-in-brand">
          <span className="shell-logo" aria-hidden="true">
            1022
          </span>
          <div>
            <p className="sign-in-app">{common.appName}</p>
            <p className="sign-in-subtitle">{common.appSubtitle}</p>
          </div>
          <LanguageSwitch />
        </div>
        <h1>{t.title}</h1>
        <p className="sign-in-intro">{t.intro}</p>
        <form onSubmit={submit} noValidate>
          <label className="field">
            <span className="field-label">{t.username}</span>
            <input name="username" autoComplete="username" autoFocus value={username} onChange={(e) => setUsername(e.target.value)} aria-invalid={Boolean(error)} />
          </label>
          <label className="field">
            <span className="field-label">{t.password}</span>
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={Boolean(error)}
            />
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button button--primary button--wide" disabled={signIn.isPending}>
            {signIn.isPending ? t.submitting : t.submit}
          </button>
        </form>
      </div>
    </main>
  );
}
