/**
 * The local Neo4j's server file: how other processes find a running server (on its own port) and
 * learn that it is stopping, and that a stopping process removes only a file naming its own server.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerFile } from '../../src/local-neo4j/server-file.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function serverFile(): ServerFile {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ig-server-file-'));
  dirs.push(dir);
  return new ServerFile(dir, 7687);
}

describe('the server file', () => {
  it('says which server runs, on which port, and whether it is stopping', () => {
    const file = serverFile();
    expect(file.read()).toBeNull();
    file.write({ pid: process.pid, boltPort: 17001, stopping: false });
    expect(file.running()).toEqual({ pid: process.pid, boltPort: 17001, stopping: false });
    file.write({ pid: process.pid, boltPort: 17001, stopping: true });
    expect(file.running()?.stopping).toBe(true);
  });

  it('reads the bare pid earlier versions wrote, on the configured port, and ignores what it cannot read', () => {
    const file = serverFile();
    writeFileSync(file.path, `${process.pid}\n`);
    expect(file.read()).toEqual({ pid: process.pid, boltPort: 7687, stopping: false });
    writeFileSync(file.path, 'not json');
    expect(file.read()).toBeNull();
    writeFileSync(file.path, '{"pid": -3}');
    expect(file.read()).toBeNull();
  });

  it('is removed only by the process whose server it names', () => {
    const file = serverFile();
    file.write({ pid: 4242, boltPort: 7687, stopping: false });
    file.forget(1234); // another server's stop: the file names 4242, so it stays
    expect(JSON.parse(readFileSync(file.path, 'utf8')).pid).toBe(4242);
    file.forget(4242);
    expect(file.read()).toBeNull();
  });
});
