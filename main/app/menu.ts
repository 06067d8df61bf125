/**
 * The application menu, in French, English or Portuguese (the system locale decides; the UI
 * itself has its own language switch). Ctrl/Cmd+K lives here rather than in the page so it works whatever
 * element has focus; it tells the page through socleHost.onFocusSearch.
 */
import { app, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { HOST_CHANNELS } from '../../preload/types';

export const MENU_LABELS = {
  en: {
    file: 'File', search: 'Search the library', importBundle: 'Import a bundle…', openRoom: 'Open the workshop room…', showRoom: 'Show the room panel', closeRoom: 'Close the room', quit: 'Quit Socle', close: 'Close window',
    edit: 'Edit', undo: 'Undo', redo: 'Redo', cut: 'Cut', copy: 'Copy', paste: 'Paste', selectAll: 'Select all',
    view: 'View', reload: 'Reload', forceReload: 'Force reload', devTools: 'Developer tools',
    resetZoom: 'Actual size', zoomIn: 'Zoom in', zoomOut: 'Zoom out', fullscreen: 'Full screen',
    window: 'Window', minimize: 'Minimize', zoom: 'Zoom', front: 'Bring all to front',
    help: 'Help', about: 'About Socle',
    services: 'Services', hide: 'Hide Socle', hideOthers: 'Hide others', unhide: 'Show all',
  },
  fr: {
    file: 'Fichier', search: 'Rechercher dans la bibliothèque', importBundle: 'Importer un paquet…', openRoom: 'Ouvrir la salle d’atelier…', showRoom: 'Afficher le panneau de la salle', closeRoom: 'Fermer la salle', quit: 'Quitter Socle', close: 'Fermer la fenêtre',
    edit: 'Édition', undo: 'Annuler', redo: 'Rétablir', cut: 'Couper', copy: 'Copier', paste: 'Coller', selectAll: 'Tout sélectionner',
    view: 'Affichage', reload: 'Recharger', forceReload: 'Forcer le rechargement', devTools: 'Outils de développement',
    resetZoom: 'Taille réelle', zoomIn: 'Zoom avant', zoomOut: 'Zoom arrière', fullscreen: 'Plein écran',
    window: 'Fenêtre', minimize: 'Réduire', zoom: 'Agrandir', front: 'Tout ramener au premier plan',
    help: 'Aide', about: 'À propos de Socle',
    services: 'Services', hide: 'Masquer Socle', hideOthers: 'Masquer les autres', unhide: 'Tout afficher',
  },
  pt: {
    file: 'Ficheiro', search: 'Pesquisar na biblioteca', importBundle: 'Importar um pacote…', openRoom: 'Abrir a sala do atelier…', showRoom: 'Mostrar o painel da sala', closeRoom: 'Fechar a sala', quit: 'Sair do Socle', close: 'Fechar a janela',
    edit: 'Editar', undo: 'Anular', redo: 'Refazer', cut: 'Cortar', copy: 'Copiar', paste: 'Colar', selectAll: 'Selecionar tudo',
    view: 'Ver', reload: 'Recarregar', forceReload: 'Forçar o recarregamento', devTools: 'Ferramentas de programação',
    resetZoom: 'Tamanho real', zoomIn: 'Ampliar', zoomOut: 'Reduzir', fullscreen: 'Ecrã inteiro',
    window: 'Janela', minimize: 'Minimizar', zoom: 'Zoom', front: 'Trazer tudo para a frente',
    help: 'Ajuda', about: 'Acerca do Socle',
    services: 'Serviços', hide: 'Ocultar o Socle', hideOthers: 'Ocultar os outros', unhide: 'Mostrar tudo',
  },
} as const;

export function menuLanguage(locale: string): keyof typeof MENU_LABELS {
  const l = locale.toLowerCase();
  return l.startsWith('fr') ? 'fr' : l.startsWith('pt') ? 'pt' : 'en';
}

/** The workshop room's menu items (./room.ts): open it, or while open show its panel again or close it. */
export interface RoomMenu {
  isOpen: boolean;
  open: () => void;
  close: () => void;
}

export function buildMenu(getWindow: () => BrowserWindow | undefined, opts: { dev: boolean; onImportBundle?: () => void; room?: RoomMenu }): Menu {
  const t = MENU_LABELS[menuLanguage(app.getLocale())];
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac
      ? [
          {
            label: app.name,
            submenu: [
              { role: 'about', label: t.about },
              { type: 'separator' },
              { role: 'services', label: t.services },
              { type: 'separator' },
              { role: 'hide', label: t.hide },
              { role: 'hideOthers', label: t.hideOthers },
              { role: 'unhide', label: t.unhide },
              { type: 'separator' },
              { role: 'quit', label: t.quit },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    {
      label: t.file,
      submenu: [
        {
          label: t.search,
          accelerator: 'CmdOrCtrl+K',
          click: () => getWindow()?.webContents.send(HOST_CHANNELS.focusSearch),
        },
        // An open dialog, then the bundle's import preview in the window (./bundles.ts).
        ...(opts.onImportBundle
          ? ([{ label: t.importBundle, accelerator: 'CmdOrCtrl+O', click: opts.onImportBundle }] satisfies MenuItemConstructorOptions[])
          : []),
        // The workshop room: participants join from their own devices (same as `socle serve --room`).
        ...(opts.room
          ? ([
              { type: 'separator' },
              { id: 'room-open', label: opts.room.isOpen ? t.showRoom : t.openRoom, click: opts.room.open },
              ...(opts.room.isOpen ? ([{ id: 'room-close', label: t.closeRoom, click: opts.room.close }] satisfies MenuItemConstructorOptions[]) : []),
            ] satisfies MenuItemConstructorOptions[])
          : []),
        { type: 'separator' },
        mac ? { role: 'close', label: t.close } : { role: 'quit', label: t.quit },
      ],
    },
    {
      label: t.edit,
      submenu: [
        { role: 'undo', label: t.undo },
        { role: 'redo', label: t.redo },
        { type: 'separator' },
        { role: 'cut', label: t.cut },
        { role: 'copy', label: t.copy },
        { role: 'paste', label: t.paste },
        { role: 'selectAll', label: t.selectAll },
      ],
    },
    {
      label: t.view,
      submenu: [
        // Reloading loses unsaved form state and devtools are for us, so only in development.
        ...(opts.dev
          ? ([
              { role: 'reload', label: t.reload },
              { role: 'forceReload', label: t.forceReload },
              { role: 'toggleDevTools', label: t.devTools },
              { type: 'separator' },
            ] satisfies MenuItemConstructorOptions[])
          : []),
        { role: 'resetZoom', label: t.resetZoom },
        { role: 'zoomIn', label: t.zoomIn },
        { role: 'zoomOut', label: t.zoomOut },
        { type: 'separator' },
        { role: 'togglefullscreen', label: t.fullscreen },
      ],
    },
    {
      label: t.window,
      role: 'window',
      submenu: [
        { role: 'minimize', label: t.minimize },
        ...(mac
          ? ([{ role: 'zoom', label: t.zoom }, { type: 'separator' }, { role: 'front', label: t.front }] satisfies MenuItemConstructorOptions[])
          : ([{ role: 'close', label: t.close }] satisfies MenuItemConstructorOptions[])),
      ],
    },
    {
      label: t.help,
      role: 'help',
      submenu: [{ role: 'about', label: t.about }],
    },
  ];
  return Menu.buildFromTemplate(template);
}
