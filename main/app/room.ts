/**
 * "Open the workshop room" from the desktop app's menu: the same room as `socle serve --room`
 * (main/server, same roles, join code, QR code and self-test), served by this process over the
 * hub the window already uses, so notes captured by participants appear in the window live.
 *
 * The facilitator's room panel opens in the system browser with the facilitator's secret URL
 * (the window itself talks IPC, not HTTP). The room listens on every interface (participants'
 * devices are on the Wi-Fi) unless `--room-host ADDR` (or $SOCLE_ROOM_HOST) names one, e.g. the
 * Wi-Fi's own address, or 127.0.0.1 in tests. Port 4317 when free, otherwise any free port.
 * Closing the room (menu, or quitting) stops the listener; sessions end with it.
 */
import { dialog, shell } from 'electron';
import type { Hub } from '../core/hub';
import { DEFAULT_PORT, listenFailureMessage, startServer, type RunningServer } from '../server/server';

export interface DesktopRoomOptions {
  hub: Hub;
  dataDir: string;
  rendererDir: string;
  host: string;
  /** Called when the room opens or closes (the menu shows "Close the room" while it is open). */
  onChange: () => void;
}

/** `--room-host ADDR` or `--room-host=ADDR`, else $SOCLE_ROOM_HOST, else every interface. */
export function roomHostFromArgs(argv: string[] = process.argv, env: NodeJS.ProcessEnv = process.env): string {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--room-host=') && a.length > '--room-host='.length) return a.slice('--room-host='.length);
    if (a === '--room-host' && argv[i + 1] && !argv[i + 1]!.startsWith('-')) return argv[i + 1]!;
  }
  return env.SOCLE_ROOM_HOST?.trim() || '0.0.0.0';
}

export class DesktopRoom {
  private server: RunningServer | undefined;
  private opening: Promise<RunningServer | undefined> | undefined;

  constructor(private readonly opts: DesktopRoomOptions) {}

  get isOpen(): boolean {
    return this.server !== undefined;
  }

  /** The facilitator's secret URL while the room is open. */
  get facilitatorUrl(): string | undefined {
    return this.server?.room?.facilitatorUrl ?? this.server?.tokenUrl;
  }

  /** Opens the room (or shows the open one again) and the facilitator's panel in the browser. */
  async open(): Promise<void> {
    this.opening ??= this.server ? Promise.resolve(this.server) : this.listen().finally(() => (this.opening = undefined));
    const server = await this.opening;
    const url = server?.room?.facilitatorUrl ?? server?.tokenUrl;
    if (url) await shell.openExternal(url).catch(() => dialog.showMessageBox({ type: 'info', message: url }));
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      await server.close();
      this.opts.onChange();
    }
  }

  private async listen(): Promise<RunningServer | undefined> {
    const { hub, dataDir, rendererDir, host } = this.opts;
    const start = (port: number) => startServer({ hub, dataDir, host, port, rendererDir, room: {}, warn: (m) => console.warn(m) });
    try {
      this.server = await start(DEFAULT_PORT).catch((e: NodeJS.ErrnoException) => {
        // Another Socle (or anything else) holds 4317: any free port will do, the URL says which.
        if (e?.code === 'EADDRINUSE') return start(0);
        throw e;
      });
      this.opts.onChange();
      return this.server;
    } catch (e) {
      dialog.showErrorBox('Socle', `The room could not open / La salle n’a pas pu s’ouvrir: ${listenFailureMessage(e, host, DEFAULT_PORT)}`);
      return undefined;
    }
  }
}
