/**
 * The layout (skip link, header with the search box and language switch, nav, main) and the
 * screen for the current hash route.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { href, navigate, parseHash, useHash, type Route } from './router';
import { setUiLang, useLang, UI_LANGS } from './i18n';
import { host } from './host';
import { IndexStatusBadge } from './index-status';
import { AppNav, Brand, type NavItem } from './components/AppHeader';
import { LANG_LABELS } from '../../main/core/labels';
import { FOCUS_RESULTS_EVENT, SEARCH_INPUT_ID, requestTitleFocus } from './focus';
import { Home } from './screens/Home';
import { Search } from './screens/Search';
import { Reader } from './screens/Reader';
import { Editor } from './screens/Editor';
import { Trash } from './screens/Trash';
import { NotFound } from './screens/NotFound';
import { WorkshopScreen, WorkshopsScreen } from './screens/workshop';
import { BundlesScreen, BundleWindowHandlers, ConflictBadge, shareHref } from './screens/bundles';
import { BrowseScreen, browseHref } from './screens/browse';
import { ClinicsScreen, clinicsHref } from './screens/clinics';
import { SyncPanel } from './screens/sync/SyncPanel';
import { RoomPanel } from './screens/room/RoomPanel';
import { useSession } from './room/session';

function screenKey(route: Route): string {
  switch (route.name) {
    case 'record':
      return `record:${route.id}`;
    // One editor instance for new and edit, so creating a record (new -> edit/<id>) keeps what is typed.
    case 'edit':
    case 'new':
      return 'editor';
    case 'workshop':
      return `workshop:${route.parts.join('/')}`;
    case 'bundles':
      return `bundles:${route.parts.join('/')}`;
    case 'browse':
      return `browse:${route.parts.join('/')}`;
    // A new sheet keeps its screen when it is saved (new -> <id>): what is typed stays.
    case 'clinics':
      return route.parts[0] === 'coverage' || route.parts[0] === 'project' ? `clinics:${route.parts[0]}` : `clinics:${route.parts.join('/')}`;
    default:
      return route.name;
  }
}

function focusSearch(): void {
  const input = document.getElementById(SEARCH_INPUT_ID) as HTMLInputElement | null;
  input?.focus();
  input?.select();
}

export function App() {
  const { t } = useTranslation();
  const lang = useLang();
  const hash = useHash();
  const route = useMemo(() => parseHash(hash), [hash]);
  const key = screenKey(route);
  const routeQ = route.name === 'search' ? (route.params.get('q') ?? '') : null;
  const [query, setQuery] = useState(routeQ ?? '');
  const inputRef = useRef<HTMLInputElement>(null);
  const session = useSession();
  const inRoom = session.kind === 'session' && session.mode === 'room';

  // Back/forward, a "did you mean" click or an example query: the box shows the route's query.
  useEffect(() => {
    if (routeQ !== null) setQuery((q) => (q === routeQ ? q : routeQ));
  }, [routeQ]);

  // A new screen takes the focus on its title (unless the user is typing in the search box).
  const previousKey = useRef(key);
  useEffect(() => {
    if (previousKey.current !== key) {
      previousKey.current = key;
      requestTitleFocus();
      window.scrollTo(0, 0);
    }
  }, [key]);

  // Ctrl/Cmd+K focuses the search from anywhere; the desktop menu may ask for it too.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        focusSearch();
      }
    };
    window.addEventListener('keydown', onKey);
    const off = host?.onFocusSearch?.(focusSearch);
    return () => {
      window.removeEventListener('keydown', onKey);
      if (typeof off === 'function') off();
    };
  }, []);

  const searchParams = (q: string): URLSearchParams => {
    const params = route.name === 'search' ? new URLSearchParams(route.params) : new URLSearchParams();
    if (q) params.set('q', q);
    else params.delete('q');
    return params;
  };

  const onQueryChange = (q: string) => {
    setQuery(q);
    navigate(href.search(searchParams(q)), { replace: route.name === 'search' });
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (route.name !== 'search') navigate(href.search(searchParams(query)));
    else window.dispatchEvent(new Event(FOCUS_RESULTS_EVENT));
  };

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && route.name === 'search') {
      e.preventDefault();
      window.dispatchEvent(new Event(FOCUS_RESULTS_EVENT));
    } else if (e.key === 'Escape' && query) {
      e.preventDefault();
      onQueryChange('');
    }
  };

  const skipToMain = (e: MouseEvent<HTMLAnchorElement>) => {
    // The hash belongs to the router: move the focus by hand instead of following "#main-content".
    e.preventDefault();
    const main = document.getElementById('main-content');
    main?.focus();
    main?.scrollIntoView();
  };

  const navItems: NavItem[] = [
    { id: 'home', to: href.home(), label: t('nav.home'), active: route.name === 'home' },
    { id: 'search', to: href.search(query ? query : undefined), label: t('nav.search'), active: route.name === 'search' },
    { id: 'browse', to: browseHref.index(), label: t('browse.nav'), active: route.name === 'browse' },
    { id: 'new', to: href.newPractice(), label: t('nav.newPractice'), active: route.name === 'new' },
    { id: 'trash', to: href.trash(), label: t('nav.trash'), active: route.name === 'trash' },
    { id: 'workshops', to: href.workshops(), label: t('nav.workshops'), active: route.name === 'workshops' || route.name === 'workshop' },
    // Export, import and conflicts; the badge counts conflicts waiting for a decision.
    { id: 'bundles', to: shareHref(), label: t('bundles.nav.share'), active: route.name === 'bundles', extra: <ConflictBadge /> },
    { id: 'clinics', to: clinicsHref(), label: t('clinics.nav'), active: route.name === 'clinics' },
    { id: 'sync', to: href.sync(), label: t('sync.nav'), active: route.name === 'sync' },
    // The workshop room's panel, when this server is a room (socle serve --room).
    ...(inRoom ? [{ id: 'room', to: '#/room', label: t('room.panel.nav'), active: route.name === 'room' }] : []),
  ];

  return (
    <>
      <a className="skip-link" href="#main-content" onClick={skipToMain}>
        {t('layout.skip')}
      </a>
      <header className="app-header">
        <div className="header-inner">
          <Brand tagline={t('layout.tagline')} href={href.home()} />
          <form className="search-form" role="search" onSubmit={onSubmit}>
            <input
              ref={inputRef}
              id={SEARCH_INPUT_ID}
              type="search"
              aria-label={t('layout.searchLabel')}
              placeholder={t('layout.searchPlaceholder')}
              aria-keyshortcuts="Control+K Meta+K"
              autoComplete="off"
              spellCheck={false}
              value={query}
              onChange={(e) => onQueryChange(e.target.value)}
              onKeyDown={onSearchKey}
            />
            <kbd className="search-hint" aria-hidden="true">Ctrl K</kbd>
            <IndexStatusBadge />
          </form>
          <div className="lang-switch" role="group" aria-label={t('layout.language')}>
            {UI_LANGS.map((l) => (
              <button
                key={l}
                type="button"
                lang={l}
                aria-pressed={lang === l}
                aria-label={LANG_LABELS[l]}
                onClick={() => setUiLang(l)}
              >
                {l.toUpperCase()}
              </button>
            ))}
          </div>
        </div>
        <AppNav label={t('nav.label')} items={navItems} />
      </header>
      <main id="main-content" tabIndex={-1}>
        <BundleWindowHandlers />
        <Screen key={key} route={route} />
      </main>
      <footer className="app-footer">
        <p>{t('layout.footer')}</p>
      </footer>
    </>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'home':
      return <Home />;
    case 'search':
      return <Search params={route.params} />;
    case 'record':
      return <Reader id={route.id} section={route.section} />;
    case 'edit':
      return <Editor id={route.id} />;
    case 'new':
      return <Editor fromNote={route.fromNote} />;
    case 'trash':
      return <Trash />;
    case 'workshops':
      return <WorkshopsScreen />;
    case 'workshop':
      return <WorkshopScreen parts={route.parts} params={route.params} />;
    case 'bundles':
      return <BundlesScreen parts={route.parts} params={route.params} />;
    case 'browse':
      return <BrowseScreen parts={route.parts} />;
    case 'clinics':
      return <ClinicsScreen parts={route.parts} params={route.params} />;
    case 'sync':
      return <SyncPanel />;
    case 'room':
      return <RoomPanel />;
    case 'not-found':
      return <NotFound path={route.path} />;
  }
}
