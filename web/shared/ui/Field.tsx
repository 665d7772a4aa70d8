import { useId, type ReactNode } from 'react';

/**
 * A labelled control with the label outside it (`for`/`id`): a <select> inside its <label> would have the selected
 * option read as part of its name. `children` gets the id to put on the control.
 */
export function Field({ label, className = 'field', hideLabel = false, children }: { label: string; className?: string; hideLabel?: boolean; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : 'field-label'}>
        {label}
      </label>
      {children(id)}
    </div>
  );
}
