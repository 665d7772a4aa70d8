import { commonMessages } from '../i18n/common.js';
import { useMessages } from '../i18n/i18n.js';
import { Shell } from './Shell.js';

/** The home of a desk whose tools are not built yet: the shared frame, so signing in and out already work. */
export function PlaceholderHome({ title }: { title: string }) {
  const t = useMessages(commonMessages);
  return (
    <Shell title={title}>
      <section className="panel placeholder-home" aria-labelledby="placeholder-title">
        <h1 id="placeholder-title">{t.placeholderHome.title(title)}</h1>
        <p>{t.placeholderHome.body}</p>
      </section>
    </Shell>
  );
}
