/**
 * A form that saves on submit (its button, Enter in a field) and on Ctrl+S / Cmd+S anywhere
 * inside it, as desktop editors do; the page never reloads.
 */
import type { ReactNode } from 'react';

export function SaveForm({ onSave, children, className }: { onSave: () => void; children: ReactNode; className?: string }) {
  return (
    <form
      className={className}
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
      onKeyDown={(e) => {
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
          e.preventDefault();
          onSave();
        }
      }}
    >
      {children}
    </form>
  );
}
