/**
 * The server file (neo4j.pid in the instance folder): how a started local Neo4j is found again by
 * other processes (`npm run keys`, a second `npm start`), on its own port, and how they learn that
 * the process owning it has begun to stop it. Also: whether a process is alive, and waiting for
 * one to exit.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What a started server leaves in its instance folder: its pid, its Bolt port, and whether it is being stopped. */
export interface RunningServer {
  pid: number;
  boltPort: number;
  stopping: boolean;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits until the process `pid` has exited, or `timeoutMs` has passed; `onWait` is told every ten
 * seconds how long it has been. Returns whether it exited.
 */
export async function waitForExit(pid: number, timeoutMs: number, onWait: (seconds: number) => void = () => {}): Promise<boolean> {
  const started = Date.now();
  let said = started;
  while (isAlive(pid)) {
    if (Date.now() - started > timeoutMs) return false;
    if (Date.now() - said >= 10_000) {
      said = Date.now();
      onWait(Math.round((said - started) / 1000));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

export class ServerFile {
  readonly path: string;

  /** `defaultBoltPort` is assumed for a file written before the port was recorded. */
  constructor(
    instanceDir: string,
    private readonly defaultBoltPort: number,
  ) {
    this.path = path.join(instanceDir, 'neo4j.pid');
  }

  /** What the file says, whether or not that server is still alive; null without a readable file. */
  read(): RunningServer | null {
    if (!existsSync(this.path)) return null;
    const text = readFileSync(this.path, 'utf8').trim();
    try {
      // A bare pid is what earlier versions wrote.
      const parsed: unknown = /^\d+$/.test(text) ? { pid: Number(text) } : JSON.parse(text);
      const { pid, boltPort, stopping } = parsed as Partial<RunningServer>;
      const server = { pid: Number(pid), boltPort: Number(boltPort ?? this.defaultBoltPort), stopping: stopping === true };
      return Number.isInteger(server.pid) && server.pid > 0 ? server : null;
    } catch {
      return null;
    }
  }

  /** The server the file names, if it is still alive. */
  running(): RunningServer | null {
    const server = this.read();
    return server && isAlive(server.pid) ? server : null;
  }

  write(server: RunningServer): void {
    writeFileSync(this.path, `${JSON.stringify(server)}\n`);
  }

  /**
   * Removes the file once the server `pid` is gone, unless it names another server by now: a
   * second `npm start` may have started its own while this one was stopping the first.
   */
  forget(pid: number): void {
    const named = this.read();
    if (named === null || named.pid === pid) rmSync(this.path, { force: true });
  }
}
