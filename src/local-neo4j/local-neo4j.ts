/**
 * The project's own Neo4j server, for machines without Docker. Neo4j publishes no server tarball
 * on Maven Central, but every jar of the Community server is there: `mvn dependency:copy-dependencies`
 * on neo4j/pom.xml assembles lib/, and we start org.neo4j.server.CommunityEntryPoint on it directly
 * (what the official launcher ends up running). See ../shared/docs/local-neo4j.md.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import neo4j from 'neo4j-driver';
import { PROJECT_ROOT } from '../config.js';

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

export class Neo4jSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Neo4jSetupError';
  }
}

const POM = path.join(PROJECT_ROOT, 'neo4j', 'pom.xml');
const INSTALL_HINT = 'install them (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless maven), or set NEO4J_URI to use a Neo4j you already run';

/** The Neo4j version pinned in neo4j/pom.xml: the one place it is written. */
export function pinnedNeo4jVersion(): string {
  const match = /<neo4j\.version>([^<]+)<\/neo4j\.version>/.exec(readFileSync(POM, 'utf8'));
  if (!match) throw new Neo4jSetupError(`${POM} does not pin <neo4j.version>`);
  return match[1]!;
}

function javaBinary(options: LocalNeo4jOptions): string {
  return options.javaHome ? path.join(options.javaHome, 'bin', 'java') : 'java';
}

/** The major version of the Java that would run Neo4j, or null when there is none. */
export function javaMajorVersion(javaBin: string): number | null {
  const result = spawnSync(javaBin, ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(result.stderr + result.stdout);
  if (!match) return null;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major; // "1.8" is Java 8
}

function hasMaven(): boolean {
  const result = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  return !result.error && result.status === 0;
}

/** True when nothing listens on the loopback port. */
async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * What a started server leaves in its instance folder (neo4j.pid): its pid, its Bolt port, and
 * whether the process that owns it has begun to stop it. Other commands (`npm run keys`, a second
 * `npm start`) read it to use the running server on its own port, or to wait for one that is stopping.
 */
export interface RunningServer {
  pid: number;
  boltPort: number;
  stopping: boolean;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Waits until the process `pid` has exited, or `timeoutMs` has passed; `onWait` is told every ten
 * seconds how long it has been. Returns whether it exited.
 */
async function waitForExit(pid: number, timeoutMs: number, onWait: (seconds: number) => void = () => {}): Promise<boolean> {
  const started = Date.now();
  let said = started;
  while (alive(pid)) {
    if (Date.now() - started > timeoutMs) return false;
    if (Date.now() - said >= 10_000) {
      said = Date.now();
      onWait(Math.round((said - started) / 1000));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

export class LocalNeo4j {
  readonly version: string;
  readonly home: string;
  readonly instanceDir: string;
  private readonly log: (line: string) => void;
  private process: ChildProcess | null = null;
  /** The port of the server in use: the configured one, or that of a running server found at start. */
  private boltPort: number;

  constructor(private readonly options: LocalNeo4jOptions) {
    this.version = pinnedNeo4jVersion();
    this.home = path.join(options.dir, `neo4j-community-${this.version}`);
    this.instanceDir = options.instanceDir ?? path.join(options.dir, 'instance');
    this.log = options.log ?? ((line) => console.log(line));
    this.boltPort = options.boltPort;
  }

  get boltUri(): string {
    return `bolt://127.0.0.1:${this.boltPort}`;
  }

  private get libDir() {
    return path.join(this.home, 'lib');
  }

  private get pidFile() {
    return path.join(this.instanceDir, 'neo4j.pid');
  }

  /** Checks Java 17+ (and Maven, when the server still has to be fetched); throws one clear line if not. */
  checkPrerequisites(): void {
    const java = javaMajorVersion(javaBinary(this.options));
    const needsMaven = !this.isInstalled();
    const missing: string[] = [];
    if (java === null) missing.push('Java 17+ (no `java` found)');
    else if (java < 17) missing.push(`Java 17+ (found Java ${java})`);
    if (needsMaven && !hasMaven()) missing.push('Maven (`mvn`, to fetch Neo4j the first time)');
    if (missing.length > 0) {
      throw new Neo4jSetupError(`The local Neo4j needs ${missing.join(' and ')}: ${INSTALL_HINT}.`);
    }
  }

  isInstalled(): boolean {
    return existsSync(this.libDir) && readdirSync(this.libDir).some((f) => f.startsWith('neo4j-kernel-'));
  }

  /** Fetches the Neo4j jars from Maven Central the first time, showing progress; later calls do nothing. */
  async install(): Promise<void> {
    if (this.isInstalled()) return;
    this.checkPrerequisites();
    const staging = `${this.libDir}.partial`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(this.home, { recursive: true });
    this.log(`Fetching Neo4j ${this.version} Community from Maven Central (first run only) ...`);
    let fetched = 0;
    const child = spawn(
      'mvn',
      ['-B', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`, '-DincludeScope=runtime'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const tail: string[] = [];
    const onLine = (line: string) => {
      tail.push(line);
      if (tail.length > 30) tail.shift();
      const match = /^\[INFO\] Downloaded from \S+: \S+\/([^/]+\.jar)/.exec(line);
      if (match) {
        fetched += 1;
        if (fetched % 10 === 1) this.log(`  fetched ${fetched} jars (latest: ${match[1]})`);
      }
    };
    readline.createInterface({ input: child.stdout! }).on('line', onLine);
    readline.createInterface({ input: child.stderr! }).on('line', onLine);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) {
      throw new Neo4jSetupError(`Fetching Neo4j with Maven failed (exit ${code}). Last lines:\n${tail.join('\n')}`);
    }
    renameSync(staging, this.libDir); // atomic: a half-fetched lib/ is never mistaken for a whole one
    this.log(`Neo4j ${this.version} is in ${this.home} (${readdirSync(this.libDir).length} jars).`);
  }

  private writeConfig(): string {
    const confDir = path.join(this.instanceDir, 'conf');
    for (const dir of [confDir, path.join(this.instanceDir, 'data'), path.join(this.instanceDir, 'logs'), path.join(this.home, 'plugins')]) {
      mkdirSync(dir, { recursive: true });
    }
    const settings = [
      'server.default_listen_address=127.0.0.1',
      'server.bolt.enabled=true',
      `server.bolt.listen_address=127.0.0.1:${this.options.boltPort}`,
      'server.http.enabled=false',
      'server.https.enabled=false',
      // Bound to loopback only, so no password is needed for the local default.
      'dbms.security.auth_enabled=false',
      `server.directories.data=${path.join(this.instanceDir, 'data')}`,
      `server.directories.logs=${path.join(this.instanceDir, 'logs')}`,
      `server.directories.plugins=${path.join(this.home, 'plugins')}`,
      `server.memory.pagecache.size=${this.options.pageCache}`,
      'dbms.usage_report.enabled=false',
      // A runaway query is stopped by the server even if a client forgets its own timeout.
      'db.transaction.timeout=60s',
    ];
    writeFileSync(path.join(confDir, 'neo4j.conf'), `${settings.join('\n')}\n`);
    return confDir;
  }

  /** What the server file says, whether or not that server is still alive; null without a readable file. */
  private readServerFile(): RunningServer | null {
    if (!existsSync(this.pidFile)) return null;
    const text = readFileSync(this.pidFile, 'utf8').trim();
    try {
      // A bare pid is what earlier versions wrote.
      const parsed: unknown = /^\d+$/.test(text) ? { pid: Number(text) } : JSON.parse(text);
      const { pid, boltPort, stopping } = parsed as Partial<RunningServer>;
      const server = { pid: Number(pid), boltPort: Number(boltPort ?? this.options.boltPort), stopping: stopping === true };
      return Number.isInteger(server.pid) && server.pid > 0 ? server : null;
    } catch {
      return null;
    }
  }

  /** The local server started earlier (by `npm start` or `npm run db:start`) that is still alive, or null. */
  runningServer(): RunningServer | null {
    const server = this.readServerFile();
    return server && alive(server.pid) ? server : null;
  }

  /** The pid of a running local server, or null. */
  runningPid(): number | null {
    return this.runningServer()?.pid ?? null;
  }

  private writeServerFile(server: RunningServer): void {
    writeFileSync(this.pidFile, `${JSON.stringify(server)}\n`);
  }

  /**
   * Says, before anything else, that the process owning the server has begun to stop it, so that an
   * `npm start` run meanwhile waits for it to go instead of taking it for a running server.
   */
  markStopping(): void {
    const server = this.runningServer();
    const own = this.process?.pid;
    // Only the server this process started (or, without one, the one the file names).
    if (server && (own === undefined || server.pid === own)) this.writeServerFile({ ...server, stopping: true });
  }

  /**
   * Removes the server file once the server `pid` is gone, unless it names another server by now: a
   * second `npm start` may have started its own while this one was stopping the first.
   */
  private forgetServer(pid: number): void {
    const named = this.readServerFile();
    if (named === null || named.pid === pid) rmSync(this.pidFile, { force: true });
  }

  /** Waits for a server that is stopping to exit, saying so; throws if it has not within the time. */
  private async waitForStop(server: RunningServer, timeoutMs: number): Promise<void> {
    this.log(`Neo4j (pid ${server.pid}) is still stopping after the last run; waiting for it to finish ...`);
    const started = Date.now();
    if (!(await waitForExit(server.pid, timeoutMs, (seconds) => this.log(`  still stopping (${seconds} s) ...`)))) {
      throw new Neo4jSetupError(`Neo4j (pid ${server.pid}) did not stop within ${timeoutMs / 1000} s; stop it (kill ${server.pid}) and start again.`);
    }
    this.forgetServer(server.pid);
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
    const confDir = this.writeConfig();
    const logFile = path.join(this.instanceDir, 'logs', 'console.log');
    const out = openSync(logFile, 'a');
    const args = [
      `-Xms${this.options.heap}`,
      `-Xmx${this.options.heap}`,
      '--add-opens=java.base/java.nio=ALL-UNNAMED',
      '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
      '--add-opens=java.base/java.io=ALL-UNNAMED',
      '-Dio.netty.tryReflectionSetAccessible=true',
      '-XX:+UseG1GC',
      '-cp',
      `${path.join(this.home, 'plugins')}/*:${this.libDir}/*`,
      'org.neo4j.server.CommunityEntryPoint',
      `--home-dir=${this.home}`,
      `--config-dir=${confDir}`,
    ];
    this.log(`Starting Neo4j ${this.version} on ${this.boltUri} (data in ${path.relative(PROJECT_ROOT, this.instanceDir) || this.instanceDir}) ...`);
    // Always its own process group: a Ctrl-C in the terminal reaches only us, so the API drains its
    // requests before the database goes. Left running on exit only when `detached` is asked for.
    const child = spawn(javaBinary(this.options), args, { stdio: ['ignore', out, out], detached: true });
    closeSync(out);
    this.writeServerFile({ pid: child.pid!, boltPort: this.boltPort, stopping: false });
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
    const driver = neo4j.driver(this.boltUri, undefined, { connectionTimeout: 2000, maxConnectionPoolSize: 1 });
    const started = Date.now();
    const deadline = started + timeoutMs;
    let said = started;
    try {
      for (;;) {
        if (hasExited()) throw new Neo4jSetupError('Neo4j exited during startup.');
        try {
          await driver.executeQuery('RETURN 1', {}, { database: 'neo4j' });
          return;
        } catch {
          if (Date.now() > deadline) throw new Neo4jSetupError(`Neo4j did not become ready within ${timeoutMs / 1000} s.`);
          if (Date.now() - said >= 15_000) {
            said = Date.now();
            this.log(`  waiting for Neo4j to answer on ${this.boltUri} (${Math.round((said - started) / 1000)} s so far) ...`);
          }
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    } finally {
      await driver.close();
    }
  }

  /** Kills the server outright (SIGKILL), as a crash would; for fault tests. Returns once it is gone. */
  async kill(): Promise<void> {
    const pid = this.process?.pid ?? this.runningPid();
    if (pid === undefined || pid === null) return;
    process.kill(pid, 'SIGKILL');
    await waitForExit(pid, Infinity);
    this.forgetServer(pid);
  }

  /** Stops the server with SIGTERM (a clean shutdown) and waits for it to exit. */
  async stop(timeoutMs = 60_000): Promise<boolean> {
    const pid = this.process?.pid ?? this.runningPid();
    if (pid === undefined || pid === null) return false;
    this.markStopping();
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      this.forgetServer(pid);
      return false;
    }
    if (!(await waitForExit(pid, timeoutMs))) {
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid, Infinity);
    }
    this.forgetServer(pid);
    return true;
  }
}
