/**
 * What a server process spends its CPU on, by what its threads do, read from /proc (Linux): for
 * bench/import-profile.ts. On a 2-core machine a Neo4j server's background work (Lucene merging the
 * search index's segments, the JIT compiling hot code, the garbage collector) competes with the
 * statements themselves, and wall time alone, which varies by ±15% from run to run here, does not
 * say which. Threads are sampled every 200 ms: a thread that ends between two samples loses its last
 * 200 ms, and one that lives less (Lucene starts one per merge) is missed; what the groups leave out
 * of the process's own total is printed apart. The sampling runs in the caller's process.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ, the unit of /proc's CPU times: 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user and system) of a process or of one of its threads (`/proc/<pid>/task/<tid>`); null once it is gone. */
function cpuSecondsAt(statPath: string): number | null {
  try {
    // Fields 14 and 15 of stat, counted after the name in parentheses (which may hold spaces and parentheses).
    const stat = readFileSync(statPath, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** CPU seconds a running process has used so far; null where /proc cannot tell. */
export function processCpuSeconds(pid: number | null): number | null {
  return pid === null ? null : cpuSecondsAt(`/proc/${pid}/stat`);
}

/** A Neo4j server's threads by what they do, from their names (Linux keeps the first 15 characters). */
const THREAD_GROUPS: Array<[RegExp, string]> = [
  [/BoltWorke/, 'Bolt workers (statements and commits)'],
  [/Lucene Merge/, 'Lucene merges (the search index)'],
  [/CompilerThre/, 'JIT compiler'],
  [/^(GC Thread|G1 |VM Thread)/, 'garbage collector'],
  [/BoltNetwo/, 'Bolt network I/O'],
  [/CheckPoin|MuninnPage|StorageMa/, 'checkpoints and page cache'],
];

function threadName(pid: number, tid: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
  } catch {
    return null; // It has just ended.
  }
}

export interface ThreadGroupCpu {
  group: string;
  seconds: number;
}

/**
 * Starts sampling the threads of process `pid`; `stop` ends it and returns the CPU seconds each
 * group of threads used since the start, most first.
 */
export function watchThreads(pid: number): { stop: () => ThreadGroupCpu[] } {
  const first = new Map<string, number>();
  const last = new Map<string, { name: string; seconds: number }>();
  const sample = () => {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      return;
    }
    for (const tid of tids) {
      const seconds = cpuSecondsAt(`/proc/${pid}/task/${tid}/stat`);
      if (seconds === null) continue;
      const name = last.get(tid)?.name ?? threadName(pid, tid);
      if (name === null) continue;
      // A thread started after the first sample counts from zero.
      if (!first.has(tid)) first.set(tid, started ? 0 : seconds);
      last.set(tid, { name, seconds });
    }
  };
  let started = false;
  sample();
  started = true;
  const timer = setInterval(sample, 200);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      const byGroup = new Map<string, number>();
      for (const [tid, { name, seconds }] of last) {
        const group = THREAD_GROUPS.find(([pattern]) => pattern.test(name))?.[1] ?? 'other threads';
        byGroup.set(group, (byGroup.get(group) ?? 0) + seconds - first.get(tid)!);
      }
      return [...byGroup].map(([group, seconds]) => ({ group, seconds })).sort((a, b) => b.seconds - a.seconds);
    },
  };
}
