/**
 * Sanitised Markdown HTML in the page, with the hub's link rules: `socle:` links open inside the
 * app, `#anchors` scroll (the hash is the router's), external links leave the app (system
 * browser in the desktop, a new tab with rel=noopener in a browser).
 */
import { useEffect, useRef, type MouseEvent } from 'react';
import { api } from '../api';
import { host, isExternalUrl, openExternal } from '../host';
import { href, navigate } from '../router';
import type { HubRecord } from '../../../main/core/model';
import { HEADING_ID_PREFIX } from '../../../main/core/markdown';
import type { Result } from '../../../main/core/result';

/** A guide key or a record id to a record: `<key>-<lang>` first, then the id itself, then French. */
export async function resolveTarget(target: string, lang: string): Promise<Result<HubRecord>> {
  const first = await api.get({ id: `${target}-${lang}` });
  if (first.ok) return first;
  const exact = await api.get({ id: target });
  if (exact.ok || lang === 'fr') return exact;
  const fr = await api.get({ id: `${target}-fr` });
  return fr.ok ? fr : exact;
}

/** Scrolls to a heading of the rendered Markdown (only those: a section name never reaches another element of the page). */
export function scrollToSection(section: string): void {
  const id = section.startsWith(HEADING_ID_PREFIX) ? section : HEADING_ID_PREFIX + section;
  const el = document.getElementById(id);
  if (!el) return;
  el.scrollIntoView({ block: 'start' });
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.focus({ preventScroll: true });
}

export function RichText({ html, linkLang, className, lang }: { html: string; linkLang: string; className?: string; lang?: string }) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    for (const a of root.querySelectorAll('a')) {
      const target = a.getAttribute('data-internal');
      const link = a.getAttribute('href') ?? '';
      if (target) {
        // A real in-app href, so the link still works with a middle click or without our handler.
        a.setAttribute('href', href.record(target));
      } else if (isExternalUrl(link)) {
        a.setAttribute('target', '_blank');
        a.setAttribute('rel', 'noopener noreferrer');
        a.classList.add('external');
      }
    }
  }, [html]);

  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    if (e.defaultPrevented) return;
    const a = (e.target as Element).closest('a');
    if (!a || !ref.current?.contains(a)) return;
    const target = a.getAttribute('data-internal');
    const link = a.getAttribute('href') ?? '';
    // The desktop window never opens new windows: every click on a web link goes to the system browser.
    if (!target && isExternalUrl(link) && host?.openExternal) {
      e.preventDefault();
      openExternal(link);
      return;
    }
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (target) {
      e.preventDefault();
      void resolveTarget(target, linkLang).then((r) => navigate(href.record(r.ok ? r.value.id : target)));
    } else if (link.startsWith('#') && !link.startsWith('#/')) {
      e.preventDefault();
      scrollToSection(decodeURIComponent(link.slice(1)));
    }
  };

  return (
    // The click handler only refines how links inside open; the links themselves are keyboard reachable.
    <div ref={ref} className={className ?? 'prose'} lang={lang} onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />
  );
}
