import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExecTrace, summarizeReportSteps, summarizeTrace } from '../bench/real-lvm-trace.ts';
import { decodeCompT, parseAcctV3 } from '../bench/process-accounting.ts';
import { evaluateRealLvmGoals, renderRealLvmSection } from '../bench/real-lvm.ts';
import type { RealLvmDocument, RealLvmRun } from '../bench/real-lvm-summary.ts';
import type { RunReport } from '../src/report/types.ts';

const header = (kept: number, written: number) => [
  '# tracer: nop',
  '#',
  `# entries-in-buffer/entries-written: ${kept}/${written}   #P:2`,
  '#',
  '#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION',
];

// The CLI (pid 300) starts a worker thread (301), which starts lvcreate (310, 311), and from the main thread lvs
// (305) and umount (320, whose argv the probe missed); udev runs its own helper (400) meanwhile, which is not the
// run's. Each program's argv comes right after its exec; the slots past argv's NULL hold other strings.
const probe = '(0x7f1feb418280)';
const events = [
  '            bash-290     [000] .....    10.000000: sched_process_fork: comm=bash pid=290 child_comm=bash child_pid=300',
  '            node-300     [001] .....    10.002000: sched_process_exec: filename=/usr/bin/node pid=300 old_pid=300',
  `            node-300     [001] DNZff    10.003000: argv: ${probe} a0="node" a1="/repo/dist/bundle/lvmsnapper.cjs" a2=(fault) a3="PATH=/usr/bin"`,
  '            node-300     [000] .....    10.300000: sched_process_fork: comm=node pid=300 child_comm=node child_pid=301',
  '            node-300     [000] .....    10.500000: sched_process_fork: comm=node pid=300 child_comm=node child_pid=305',
  '             lvm-305     [001] .....    10.502000: sched_process_exec: filename=/usr/sbin/lvm pid=305 old_pid=305',
  `             lvm-305     [001] DNZff    10.503000: argv: ${probe} a0="lvm" a1="lvs" a2="vgA" a3="vgB" a4=(fault) a5="LC_ALL=C"`,
  '             lvm-305     [001] .....    10.752000: sched_process_exit: comm=lvm pid=305 prio=120',
  '     udev-worker-390     [000] .....    10.760000: sched_process_fork: comm=udev-worker pid=390 child_comm=udev-worker child_pid=400',
  '         dmsetup-400     [000] .....    10.762000: sched_process_exec: filename=/usr/sbin/dmsetup pid=400 old_pid=400',
  `         dmsetup-400     [000] DNZff    10.763000: argv: ${probe} a0="dmsetup" a1="udevflags" a2=(fault)`,
  '            node-301     [000] .....    10.800000: sched_process_fork: comm=node pid=301 child_comm=node child_pid=310',
  '             lvm-310     [001] .....    10.802000: sched_process_exec: filename=/usr/sbin/lvm pid=310 old_pid=310',
  `             lvm-310     [001] DNZff    10.803000: argv: ${probe} a0="lvm" a1="lvcreate" a2="-s" a3="-n" a4="v1-20261201000000" a5="vgA/v1" a6=(fault) a7="\r\x80x"`,
  '            node-301     [000] .....    10.900000: sched_process_fork: comm=node pid=301 child_comm=node child_pid=311',
  '             lvm-311     [000] .....    10.902000: sched_process_exec: filename=/usr/sbin/lvm pid=311 old_pid=311',
  `             lvm-311     [000] DNZff    10.903000: argv: ${probe} a0="lvm" a1="lvcreate" a2="-s" a3="-n" a4="v2-20261201000000" a5="vgA/v2" a6=(fault)`,
  '         dmsetup-400     [000] .....    10.950000: sched_process_exit: comm=dmsetup pid=400 prio=120',
  '             lvm-310     [001] .....    11.402000: sched_process_exit: comm=lvm pid=310 prio=120',
  '             lvm-311     [000] .....    11.602000: sched_process_exit: comm=lvm pid=311 prio=120',
  '            node-300     [000] .....    11.610000: sched_process_fork: comm=node pid=300 child_comm=node child_pid=320',
  '          umount-320     [001] .....    11.612000: sched_process_exec: filename=/usr/bin/umount pid=320 old_pid=320',
  '          umount-320     [001] .....    11.652000: sched_process_exit: comm=umount pid=320 prio=120',
  '            node-301     [001] .....    11.700000: sched_process_exit: comm=node pid=301 prio=120',
  '            node-300     [000] .....    11.802000: sched_process_exit: comm=node pid=300 prio=120',
];
const count = events.length;

test('parseExecTrace keeps the commands of the CLI and its threads, with argv up to its NULL or else the file name', () => {
  const run = parseExecTrace([...header(count, count), ...events].join('\n'), 300);
  assert.equal(run.cliMs, 1800);
  assert.deepEqual(run.commands.map((command) => [command.pid, command.argv.slice(0, 2).join(' '), command.startMs, command.endMs]), [
    [305, 'lvm lvs', 500, 750],
    [310, 'lvm lvcreate', 800, 1400],
    [311, 'lvm lvcreate', 900, 1600],
    [320, 'umount', 1610, 1650],
  ]);
  assert.deepEqual(run.commands[0]!.argv, ['lvm', 'lvs', 'vgA', 'vgB']);
});

test('parseExecTrace refuses a trace that lost events or never saw the CLI', () => {
  assert.throws(() => parseExecTrace([...header(count - 2, count), ...events].join('\n'), 300), new RegExp(`overflowed: ${count - 2} of ${count}`));
  assert.throws(() => parseExecTrace([...header(count, count), ...events].join('\n'), 999), /no exec and exit of the CLI process 999/);
});

test('summarizeTrace sums per kind and measures how busy each VG was', () => {
  const summary = summarizeTrace(parseExecTrace([...header(count, count), ...events].join('\n'), 300));
  assert.deepEqual(summary.kinds, { lvs: { count: 1, ms: 250 }, lvcreate: { count: 2, ms: 1300 }, umount: { count: 1, ms: 40 } });
  // lvcreate 800–1400 and 900–1600 overlap: busy 800–1600, two at once.
  assert.deepEqual(summary.lvmByVg, { vgA: { commands: 2, busyMs: 800, maxInFlight: 2 } });
  assert.equal(summary.firstCommandMs, 500);
  assert.equal(summary.afterLastCommandMs, 150);
});

test('summarizeTrace adds the CPU of each kind, of the CLI itself and of processes not the run\'s', () => {
  // 290: the shell before the CLI; 300: the CLI; 400: udev's helper; 320: umount, 0 ticks.
  const cpuByPid = new Map([[290, 30], [300, 2000], [305, 200], [310, 500], [311, 520], [320, 0], [400, 60]]);
  const summary = summarizeTrace(parseExecTrace([...header(count, count), ...events].join('\n'), 300), cpuByPid);
  assert.deepEqual(summary.kinds, {
    lvs: { count: 1, ms: 250, cpuMs: 200 }, lvcreate: { count: 2, ms: 1300, cpuMs: 1020 }, umount: { count: 1, ms: 40, cpuMs: 0 },
  });
  assert.equal(summary.cliCpuMs, 2000);
  assert.equal(summary.otherCpuMs, 60);
});

test('summarizeReportSteps counts a command shared by several volumes once', () => {
  const volume = (name: string) => ({
    volume: name, vg: 'vgA', status: 'ok' as const, durationMs: 0,
    actions: [{ kind: 'expire' as const, status: 'ok' as const, reason: 'expired', steps: [
      { step: 'umount' as const, status: 'ok' as const, command: ['umount', `/snapshots/${name}/@GMT-2026.12.01-00.00.00`], durationMs: 40 },
      { step: 'rmdir' as const, status: 'ok' as const, durationMs: 1 },
      { step: 'lvremove' as const, status: 'ok' as const, command: ['lvm', 'lvremove', '-y', `vgA/${name}-20261201000000`], batch: { call: 1, size: 2 }, durationMs: 900 },
    ] }],
  });
  const report = { volumes: [volume('v1'), volume('v2')] } as Pick<RunReport, 'volumes'>;
  assert.deepEqual(summarizeReportSteps(report), {
    umount: { count: 2, ms: 80 },
    rmdir: { count: 2, ms: 2 },
    lvremove: { count: 1, ms: 900 },
  });
});

const run = (mode: RealLvmRun['mode'], phase: RealLvmRun['phase'], wallMs: number, round = 1): RealLvmRun => ({
  mode, phase, round, argv: ['--json', '--now', '2026-12-01T00:00:00Z', 'run'], wallMs, exitCode: 0, reportMs: wallMs - 900,
  cpu: { guestBusyMs: wallMs * 1.5, guestIdleMs: wallMs * 0.5 },
  summary: { ok: 16, skipped: 0, pool_full: 0, failed: 0, refused: 0 },
  trace: {
    cliMs: wallMs - 10, firstCommandMs: 900, afterLastCommandMs: 100, cliCpuMs: 2500, otherCpuMs: 1200,
    kinds: { lvs: { count: 1, ms: 300, cpuMs: 200 }, 'exportfs -v': { count: 1, ms: 40, cpuMs: 20 }, 'exportfs -o': { count: 16, ms: 700, cpuMs: 330 } },
    lvmByVg: { vgA: { commands: 8, busyMs: 4000, maxInFlight: 4 } },
  },
  reportSteps: {},
});

const document: RealLvmDocument = {
  measured: '2026-01-01T00:00:00.000Z', accel: 'tcg', kernel: '6.1.0-56-amd64', lvm: '2.03.16(2)', node: 'v20.19.0', cpus: 2,
  volumes: 16, vgs: 2, samples: { node_e0: [300, 250, 400], cli_help: [700], spawn_runner_cpu: [33.1, 31.9, 32.4], spawn_bare_cpu: [12.2, 13.6, 12.9] },
  runs: [run('shipped', 'create', 9500), run('shipped', 'expire', 4600), run('sequential', 'create', 19000), run('sequential', 'expire', 9200)],
  replays: [],
};

// Three rounds in one boot, the guest slowing down and speeding up: the median round of each mode and run counts.
const rounds: RealLvmDocument = {
  ...document,
  runs: [
    run('shipped', 'create', 9500, 1), run('shipped', 'expire', 3900, 1), run('sequential', 'create', 19000, 1), run('sequential', 'expire', 9200, 1),
    run('shipped', 'create', 14000, 2), run('shipped', 'expire', 5000, 2), run('sequential', 'create', 26000, 2), run('sequential', 'expire', 12000, 2),
    run('shipped', 'create', 11000, 3), run('shipped', 'expire', 4200, 3), run('sequential', 'create', 22000, 3), run('sequential', 'expire', 8000, 3),
  ],
};

test('evaluateRealLvmGoals judges the shipped runs against 10 s and 4 s, with the floor the rest of the guest\'s work sets', () => {
  // create: (14.25 CPU-s busy - 2.5 of the CLI) / 2 vCPUs = 5.875 s; expire: (6.9 - 2.5) / 2 = 2.2 s.
  assert.deepEqual(evaluateRealLvmGoals({ kind: 'measured', document }).map((goal) => [goal.met, goal.measured]),
    [[true, '9.50 s; the guest\'s other work alone ≥ 5.88 s'], [false, '4.60 s; the guest\'s other work alone ≥ 2.20 s']]);
  assert.deepEqual(evaluateRealLvmGoals({ kind: 'measured', document: rounds }).map((goal) => [goal.met, goal.measured]),
    [[false, '11.00 s (median of 3); the guest\'s other work alone ≥ 7.00 s'], [false, '4.20 s (median of 3); the guest\'s other work alone ≥ 1.90 s']],
    'the median round, not the fastest');
  assert.deepEqual(evaluateRealLvmGoals({ kind: 'failed', reason: 'boom' }).map((goal) => goal.met), [false, false]);
  assert.deepEqual(evaluateRealLvmGoals({ kind: 'skipped', reason: '--no-vm' }), []);
});

test('renderRealLvmSection shows each run with its command kinds and the speed-up', () => {
  const text = renderRealLvmSection({ kind: 'measured', document }).join('\n');
  assert.match(text, /\| shipped \| create \| 1 \| 9\.50 \| 75 % \| 2\.50 \| 0\.90 \| 0\.10 \| 1 \/ 0\.30 \/ 0\.20 \| 0 \| 0 \| 0 \| 0 \| 0 \| 0 \| 17 \/ 0\.74 \/ 0\.35 \(-v 1, -o 16\) \| 1\.20 \| vgA 4\.00 \(4\) \|/);
  assert.match(text, /create 2\.0× faster, expire 2\.0×/);
  assert.match(text, /over 2 vCPUs\) would still have taken: shipped create 5\.88 s, shipped expire 2\.20 s, sequential create 13\.00 s, sequential expire 5\.65 s\./);
  assert.match(text, /`node -e 0` takes\n0\.30 s/);
  assert.match(text, /costs node\n32\.4 ms of CPU through the command runner \(execa\), 12\.9 ms with child_process alone/);
  assert.match(renderRealLvmSection({ kind: 'skipped', reason: '--quick' }).join('\n'), /Not measured \(--quick\)/);
});

// The shipped create's commands replayed from a shell after each round: 7.9 s at the median.
const replayed: RealLvmDocument = {
  ...rounds,
  replays: [8200, 7600, 7900].map((wallMs, index) => ({ phase: 'create', round: index + 1, wallMs, exitCode: 0, cpu: { guestBusyMs: wallMs * 1.8, guestIdleMs: wallMs * 0.2 } })),
};

test('the create goal and the section name what the same commands took without lvmsnapper', () => {
  assert.equal(evaluateRealLvmGoals({ kind: 'measured', document: replayed })[0]!.measured,
    '11.00 s (median of 3); the guest\'s other work alone ≥ 7.00 s; its commands alone, from a shell: 7.90 s');
  assert.equal(evaluateRealLvmGoals({ kind: 'measured', document: replayed })[1]!.measured.includes('shell'), false, 'only creates are replayed');
  const text = renderRealLvmSection({ kind: 'measured', document: replayed }).join('\n');
  assert.match(text, /its folders and links made outside that time\): 7\.60, 7\.90, 8\.20 s, median\n7\.90 s at 90 % CPU busy, against 11\.00 s for lvmsnapper's median create/);
  assert.match(text, /3\.10 s is lvmsnapper's, 0\.90 s of it before its first command\./);
  // 18 processes (1 lvs, 1 exportfs -v, 16 exportfs -o) at 32.4 ms of CPU each, over 2 vCPUs; node -e 0 took 0.30 s.
  assert.match(text, /From its first command to its exit it took 10\.10 s, 2\.20 s more than the commands alone/);
  assert.match(text, /its 18 processes through execa costs node 0\.58 s of CPU \(18 × 32\.4 ms\), which on 2 vCPUs\nthe commands keep 90 % busy is 0\.29 s of wall/);
  assert.match(text, /\(its first command 0\.30 s after exec, as `node -e 0` ends\), the create would still have taken 10\.40 s\./);
  assert.equal(renderRealLvmSection({ kind: 'measured', document: rounds }).join('\n').includes('without lvmsnapper'), false);
});

test('renderRealLvmSection shows the median round of each mode and run, and every round\'s wall time', () => {
  const text = renderRealLvmSection({ kind: 'measured', document: rounds }).join('\n');
  const rows = text.split('\n').filter((line) => /^\| (shipped|sequential) \|/.test(line)).map((line) => line.split(' | ').slice(0, 4).join(' | '));
  assert.deepEqual(rows, ['| shipped | create | 3 | 11.00', '| shipped | expire | 3 | 4.20', '| sequential | create | 3 | 22.00', '| sequential | expire | 1 | 9.20']);
  assert.match(text, /3 rounds/);
  assert.match(text, /shipped create 9\.50, 11\.00, 14\.00 s; expire 3\.90, 4\.20, 5\.00 s; sequential create\n19\.00, 22\.00, 26\.00 s; expire 8\.00, 9\.20, 12\.00 s\./);
  assert.match(text, /create 2\.0× faster, expire 2\.2×/);
});

/** One struct acct_v3 record (linux/acct.h): version 3, pid, ppid, utime and stime as comp_t, comm. */
function acctRecord(pid: number, ppid: number, utime: number, stime: number, comm: string): Uint8Array {
  const record = new Uint8Array(64);
  const view = new DataView(record.buffer);
  view.setUint8(1, 3);
  view.setUint32(16, pid, true);
  view.setUint32(20, ppid, true);
  view.setUint16(32, utime, true);
  view.setUint16(34, stime, true);
  record.set(new TextEncoder().encode(comm), 48);
  return record;
}

test('parseAcctV3 reads pid, parent, command name and CPU of each record', () => {
  // 0x2001: mantissa 1, exponent 1 = 8 ticks.
  const data = new Uint8Array([...acctRecord(310, 301, 45, 0x2001, 'lvm'), ...acctRecord(400, 390, 3, 0, 'dmsetup')]);
  assert.deepEqual(parseAcctV3(data), [
    { pid: 310, ppid: 301, comm: 'lvm', cpuMs: 530 },
    { pid: 400, ppid: 390, comm: 'dmsetup', cpuMs: 30 },
  ]);
  assert.equal(decodeCompT(0x4003), 192);
  assert.throws(() => parseAcctV3(data.subarray(0, 100)), /whole 64-byte records/);
  const v2 = acctRecord(1, 0, 0, 0, 'x');
  v2[1] = 2;
  assert.throws(() => parseAcctV3(v2), /version 2, expected 3/);
});
