/**
 * CPU time spent by the server process(es) and by the PostgreSQL backends serving the bench database,
 * read from /proc (Linux). Throughput on this shared 2-core VM moves with whatever else runs; the CPU
 * each transition costs does not, so the bench reports both (docs/benchmarks.md).
 */
import fs from 'node:fs';
import pg from 'pg';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of a process and of its reaped children, in ms; 0 when it is gone or not Linux. */
function processCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // f[0] is field 3 (state): utime = field 14, stime = 15, cutime = 16, cstime = 17.
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** The process and its descendants (a cluster primary's workers), from /proc. */
function withDescendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of fs.existsSync('/proc') ? fs.readdirSync('/proc') : []) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const [pid, ppid] of parent) if (ppid === out[i]) out.push(pid);
  return out;
}

export interface CpuSnapshot {
  server: number;
  database: Map<number, number>;
}

/** CPU so far of the server tree and of every backend connected to `database` (admin URL given). */
export async function cpuSnapshot(serverPid: number | undefined, adminUrl: string, database: string): Promise<CpuSnapshot> {
  const server = serverPid ? withDescendants(serverPid).reduce((a, pid) => a + processCpuMs(pid), 0) : 0;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const r = await c.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
    return { server, database: new Map(r.rows.map((row) => [row.pid, processCpuMs(row.pid)])) };
  } finally {
    await c.end();
  }
}

/** ms of CPU between two snapshots: the server's, and the database backends' present in both. */
export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot): { server: number; database: number } {
  let database = 0;
  for (const [pid, ms] of b.database) database += ms - (a.database.get(pid) ?? ms);
  return { server: b.server - a.server, database };
}
