import { Link } from 'wouter';
import { ApiError } from '../api/client.js';
import { commonMessages } from '../i18n/common.js';
import { useMessages } from '../i18n/i18n.js';

export function Loading({ label }: { label: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}

/** The server's own message for an ApiError (already in Vietnamese), else a generic one. */
export function useErrorText() {
  const t = useMessages(commonMessages);
  return (error: unknown): string => {
    if (error instanceof ApiError) return error.code === 'NETWORK' ? t.networkError : error.message;
    return t.unknownError;
  };
}

export function ErrorNote({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useMessages(commonMessages);
  const text = useErrorText();
  return (
    <div className="error-note" role="alert">
      <span>{text(error)}</span>
      {onRetry && (
        <button type="button" className="button button--small" onClick={onRetry}>
          {t.retry}
        </button>
      )}
    </div>
  );
}

/** Why a step failed (a mutation's error), read out at once; nothing when there is no error. */
export function FailureNote({ error }: { error: unknown }) {
  const text = useErrorText();
  if (!error) return null;
  return (
    <p className="error-note" role="alert">
      {text(error)}
    </p>
  );
}

export function NotFoundPage({ home }: { home: string }) {
  const t = useMessages(commonMessages);
  return (
    <main id="main" className="not-found">
      <h1>{t.notFound.title}</h1>
      <Link href={`~${home}`}>{t.notFound.home}</Link>
    </main>
  );
}
