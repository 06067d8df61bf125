import type { ReactNode } from 'react';

/**
 * The pieces both headers share (the app's, renderer/src/App.tsx, and the workshop room
 * participant's, screens/room/Participant.tsx): the brand mark and the navigation list.
 */

/** The brand: a link home in the app, a plain span in the room (participants have one screen set). */
export function Brand({ tagline, href }: { tagline: string; href?: string }) {
  const inner = (
    <>
      <span className="brand-mark" aria-hidden="true">
        S
      </span>
      <span className="brand-text">
        <span className="brand-name">Socle</span>
        <span className="brand-tagline">{tagline}</span>
      </span>
    </>
  );
  return href ? (
    <a className="brand" href={href}>
      {inner}
    </a>
  ) : (
    <span className="brand">{inner}</span>
  );
}

export interface NavItem {
  /** Stable key (the label changes with the language). */
  id: string;
  to: string;
  label: string;
  active: boolean;
  /** Shown after the label inside the link (e.g. a conflict count). */
  extra?: ReactNode;
}

/** The header's navigation: one list of links, the current one marked aria-current="page". */
export function AppNav({ label, items }: { label: string; items: readonly NavItem[] }) {
  return (
    <nav className="app-nav" aria-label={label}>
      <ul>
        {items.map((item) => (
          <li key={item.id}>
            <a href={item.to} aria-current={item.active ? 'page' : undefined}>
              {item.label}
              {item.extra}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
