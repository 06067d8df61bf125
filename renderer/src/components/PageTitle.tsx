import { useEffect, useRef, type ReactNode } from 'react';
import { takeTitleFocus } from '../focus';

/** The screen's h1; takes the focus after a navigation (see ../focus.ts). */
export function PageTitle({ children, lang }: { children: ReactNode; lang?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => takeTitleFocus(ref.current), []);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-title" lang={lang}>
      {children}
    </h1>
  );
}
