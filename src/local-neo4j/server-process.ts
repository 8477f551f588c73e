/**
 * Running the Neo4j server process: its configuration file, the java command line, and waiting
 * until it answers. The process is org.neo4j.server.CommunityEntryPoint on the fetched jars, which
 * is what the official launcher script ends up running; bypassing the script means the heap and
 * the JDK 17+ module flags go on the command line here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { Neo4jSetupError } from './prerequisites.js';

export interface ServerSettings {
  home: string;
  instanceDir: string;
  boltPort: number;
  heap: string;
  pageCache: string;
}

/** True when nothing listens on the loopback port. */
export async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Writes <instance>/conf/neo4j.conf (a misspelled setting stops Neo4j 5 at startup) and returns its folder. */
export function writeConfig({ home, instanceDir, boltPort, pageCache }: ServerSettings): string {
  const confDir = path.join(instanceDir, 'conf');
  for (const dir of [confDir, path.join(instanceDir, 'data'), path.join(instanceDir, 'logs'), path.join(home, 'plugins')]) {
    mkdirSync(dir, { recursive: true });
  }
  const settings = [
    'server.default_listen_address=127.0.0.1',
    'server.bolt.enabled=true',
    `server.bolt.listen_address=127.0.0.1:${boltPort}`,
    'server.http.enabled=false',
    'server.https.enabled=false',
    // Bound to loopback only, so no password is needed for the local default.
    'dbms.security.auth_enabled=false',
    `server.directories.data=${path.join(instanceDir, 'data')}`,
    `server.directories.logs=${path.join(instanceDir, 'logs')}`,
    `server.directories.plugins=${path.join(home, 'plugins')}`,
    `server.memory.pagecache.size=${pageCache}`,
    'dbms.usage_report.enabled=false',
    // A runaway query is stopped by the server even if a client forgets its own timeout.
    'db.transaction.timeout=60s',
  ];
  writeFileSync(path.join(confDir, 'neo4j.conf'), `${settings.join('\n')}\n`);
  return confDir;
}

/** The java arguments that run the server with the configuration in `confDir`. */
export function serverArguments({ home, heap }: ServerSettings, libDir: string, confDir: string): string[] {
  return [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    '--add-opens=java.base/java.nio=ALL-UNNAMED',
    '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
    '--add-opens=java.base/java.io=ALL-UNNAMED',
    '-Dio.netty.tryReflectionSetAccessible=true',
    '-XX:+UseG1GC',
    '-cp',
    `${path.join(home, 'plugins')}/*:${libDir}/*`,
    'org.neo4j.server.CommunityEntryPoint',
    `--home-dir=${home}`,
    `--config-dir=${confDir}`,
  ];
}

/**
 * Polls `RETURN 1` on the default database until it answers (Bolt can answer before the database
 * is online); fails when `hasExited` says the process is gone, or after `timeoutMs`.
 */
export async function waitUntilAnswering(
  boltUri: string,
  timeoutMs: number,
  log: (line: string) => void,
  hasExited: () => boolean = () => false,
): Promise<void> {
  const driver = neo4j.driver(boltUri, undefined, { connectionTimeout: 2000, maxConnectionPoolSize: 1 });
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
          log(`  waiting for Neo4j to answer on ${boltUri} (${Math.round((said - started) / 1000)} s so far) ...`);
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  } finally {
    await driver.close();
  }
}
