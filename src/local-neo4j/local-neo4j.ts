/**
 * The project's own Neo4j server, for machines without Docker (README, "Quick start"): the first
 * start fetches the Community server's jars from Maven Central (distribution.ts; Neo4j publishes
 * no server tarball there), then runs the server process on them (server-process.ts), on loopback
 * only, with its data in an instance folder. The server file (server-file.ts) lets the commands
 * and a second `npm start` find a running server, or wait for one that is stopping. This class
 * ties those steps together behind start and stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import { fetchDistribution, isInstalled, libDirOf, pinnedNeo4jVersion } from './distribution.js';
import { checkPrerequisites, javaBinary, Neo4jSetupError } from './prerequisites.js';
import { ServerFile, waitForExit, type RunningServer } from './server-file.js';
import { portIsFree, serverArguments, waitUntilAnswering, writeConfig, type ServerSettings } from './server-process.js';

// What the commands, bootstrap and tests import from here.
export { pinnedNeo4jVersion } from './distribution.js';
export { javaMajorVersion, Neo4jSetupError } from './prerequisites.js';
export type { RunningServer } from './server-file.js';

export interface LocalNeo4jOptions {
  /** Root of everything local: the assembled server, data and logs live below it. */
  dir: string;
  boltPort: number;
  heap: string;
  pageCache: string;
  javaHome: string | null;
  /** Data and logs folder; defaults to <dir>/instance. Tests point it at a throwaway folder. */
  instanceDir?: string;
  log?: (line: string) => void;
}

export class LocalNeo4j {
  readonly version: string;
  readonly home: string;
  readonly instanceDir: string;
  private readonly log: (line: string) => void;
  private readonly serverFile: ServerFile;
  private process: ChildProcess | null = null;
  /** The port of the server in use: the configured one, or that of a running server found at start. */
  private boltPort: number;

  constructor(private readonly options: LocalNeo4jOptions) {
    this.version = pinnedNeo4jVersion();
    this.home = path.join(options.dir, `neo4j-community-${this.version}`);
    this.instanceDir = options.instanceDir ?? path.join(options.dir, 'instance');
    this.log = options.log ?? ((line) => console.log(line));
    this.boltPort = options.boltPort;
    this.serverFile = new ServerFile(this.instanceDir, options.boltPort);
  }

  get boltUri(): string {
    return `bolt://127.0.0.1:${this.boltPort}`;
  }

  /** Checks Java 17+ (and Maven, when the server still has to be fetched); throws one clear line if not. */
  checkPrerequisites(): void {
    checkPrerequisites({ javaHome: this.options.javaHome, needsMaven: !this.isInstalled() });
  }

  isInstalled(): boolean {
    return isInstalled(this.home);
  }

  /** Fetches the Neo4j jars from Maven Central the first time, showing progress; later calls do nothing. */
  async install(): Promise<void> {
    if (this.isInstalled()) return;
    this.checkPrerequisites();
    await fetchDistribution(this.home, this.version, this.log);
  }

  /** The local server started earlier (by `npm start` or `npm run db:start`) that is still alive, or null. */
  runningServer(): RunningServer | null {
    return this.serverFile.running();
  }

  /** The pid of a running local server, or null. */
  runningPid(): number | null {
    return this.runningServer()?.pid ?? null;
  }

  /**
   * Says, before anything else, that the process owning the server has begun to stop it, so that an
   * `npm start` run meanwhile waits for it to go instead of taking it for a running server.
   */
  markStopping(): void {
    const server = this.runningServer();
    const own = this.process?.pid;
    // Only the server this process started (or, without one, the one the file names).
    if (server && (own === undefined || server.pid === own)) this.serverFile.write({ ...server, stopping: true });
  }

  /** Waits for a server that is stopping to exit, saying so; throws if it has not within the time. */
  private async waitForStop(server: RunningServer, timeoutMs: number): Promise<void> {
    this.log(`Neo4j (pid ${server.pid}) is still stopping after the last run; waiting for it to finish ...`);
    const started = Date.now();
    if (!(await waitForExit(server.pid, timeoutMs, (seconds) => this.log(`  still stopping (${seconds} s) ...`)))) {
      throw new Neo4jSetupError(`Neo4j (pid ${server.pid}) did not stop within ${timeoutMs / 1000} s; stop it (kill ${server.pid}) and start again.`);
    }
    this.serverFile.forget(server.pid);
    this.log(`The last Neo4j stopped after ${((Date.now() - started) / 1000).toFixed(1)} s; starting afresh.`);
  }

  /**
   * Starts the server and waits until the default database answers. `detached` leaves it running
   * after this process exits (`npm run db:start`); otherwise it is stopped with this process. A
   * server already running is used as it is (on its own port); one still stopping is waited for.
   * Returns whether this call started the server (and so whoever called it should stop it).
   */
  async start({ detached = false, readyTimeoutMs = 180_000 } = {}): Promise<{ started: boolean }> {
    await this.install();
    this.checkPrerequisites();
    const existing = this.runningServer();
    if (existing?.stopping) {
      await this.waitForStop(existing, readyTimeoutMs);
    } else if (existing) {
      this.boltPort = existing.boltPort;
      this.log(`Using the local Neo4j that is already running (pid ${existing.pid}) on ${this.boltUri}.`);
      await this.waitUntilReady(readyTimeoutMs);
      return { started: false };
    }
    this.boltPort = this.options.boltPort;
    // Something else on the port would answer the readiness check and be taken for this server.
    if (!(await portIsFree(this.options.boltPort))) {
      throw new Neo4jSetupError(`Port ${this.options.boltPort} is already in use by another process; stop it, or choose another port.`);
    }
    const settings: ServerSettings = { home: this.home, instanceDir: this.instanceDir, boltPort: this.options.boltPort, heap: this.options.heap, pageCache: this.options.pageCache };
    const confDir = writeConfig(settings);
    const logFile = path.join(this.instanceDir, 'logs', 'console.log');
    const out = openSync(logFile, 'a');
    this.log(`Starting Neo4j ${this.version} on ${this.boltUri} (data in ${path.relative(PROJECT_ROOT, this.instanceDir) || this.instanceDir}) ...`);
    // Always its own process group: a Ctrl-C in the terminal reaches only us, so the API drains its
    // requests before the database goes. Left running on exit only when `detached` is asked for.
    const child = spawn(javaBinary(this.options.javaHome), serverArguments(settings, libDirOf(this.home), confDir), { stdio: ['ignore', out, out], detached: true });
    closeSync(out);
    this.serverFile.write({ pid: child.pid!, boltPort: this.boltPort, stopping: false });
    this.process = child;
    let exited: number | null | undefined;
    child.on('exit', (code) => {
      exited = code;
      this.process = null;
    });
    if (detached) child.unref();

    const started = Date.now();
    try {
      await this.waitUntilReady(readyTimeoutMs, () => exited !== undefined);
    } catch (error) {
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
      if (exited === undefined) await this.stop();
      throw new Neo4jSetupError(`${(error as Error).message}\nLast lines of ${logFile}:\n${tail}`);
    }
    this.log(`Neo4j is ready after ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return { started: true };
  }

  /** Polls `RETURN 1` on the default database until it answers (Bolt can answer before the database is online). */
  async waitUntilReady(timeoutMs: number, hasExited: () => boolean = () => false): Promise<void> {
    await waitUntilAnswering(this.boltUri, timeoutMs, this.log, hasExited);
  }

  /** Kills the server outright (SIGKILL), as a crash would; for fault tests. Returns once it is gone. */
  async kill(): Promise<void> {
    const pid = this.process?.pid ?? this.runningPid();
    if (pid === undefined || pid === null) return;
    process.kill(pid, 'SIGKILL');
    await waitForExit(pid, Infinity);
    this.serverFile.forget(pid);
  }

  /** Stops the server with SIGTERM (a clean shutdown) and waits for it to exit. */
  async stop(timeoutMs = 60_000): Promise<boolean> {
    const pid = this.process?.pid ?? this.runningPid();
    if (pid === undefined || pid === null) return false;
    this.markStopping();
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      this.serverFile.forget(pid);
      return false;
    }
    if (!(await waitForExit(pid, timeoutMs))) {
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid, Infinity);
    }
    this.serverFile.forget(pid);
    return true;
  }
}
