// The commands of a create run without lvmsnapper: a bash script, generated from the run's --json report, that
// starts the same commands with the same arguments and environment (the inventory's lvs and exportfs -v at once,
// then every volume's lvcreate, blkid, mount and exportfs) and the same per-VG limit on LVM commands at once, but
// no node. Timed in the guest right after the run it replays (scenario bench-real), it is
// what any orchestrator would need at least in that guest: lvmsnapper's own cost is the difference (written by
// bench/real-lvm-replay-cli.ts).
// The script's three functions: `prepare` makes the mount and link folders, `commands` runs every volume's
// commands (volumes at once; each LVM command holds one of LVM_STREAMS_PER_VG lanes of its VG, a lock file taken
// with flock), `links` makes the links. Only `commands` is timed: folders and links are system calls that the run
// makes in-process, and started from a shell they would each cost a process.
import { dirname } from 'node:path';
import { LVM_STREAMS_PER_VG } from '../src/coordinator/run-cycle.ts';
import { buildLvsArgv } from '../src/lvm/lvs.ts';
import { buildExportListArgv } from '../src/nfs/exportfs.ts';
import type { RunReport, StepName } from '../src/report/types.ts';
import { shellQuote } from '../src/sim/shell-quote.ts';

/** Steps replayed as the command they ran; LVM commands take a lane of their VG. */
const COMMAND_STEPS: ReadonlySet<StepName> = new Set(['lvcreate', 'activate', 'blkid', 'mount', 'export']);
const LVM_STEPS: ReadonlySet<StepName> = new Set(['lvcreate', 'activate']);
/** Steps the run made in-process, replayed outside the timed part. */
const LOCAL_STEPS: ReadonlySet<StepName> = new Set(['mkdir', 'link']);
// "linkPath → mountDir" (src/workers/pipelines.ts)
const LINK_DETAIL = /^(\/.*) → (\/.*)$/;

interface VolumeReplay {
  vg: string;
  commands: { argv: string[]; lvm: boolean }[];
  folders: string[];
  links: { path: string; target: string }[];
}

/** What each volume of a create run did; throws on anything but a run that created every snapshot fully. */
function volumesOf(report: RunReport): VolumeReplay[] {
  return report.volumes.map((volume) => {
    const replay: VolumeReplay = { vg: volume.vg, commands: [], folders: [], links: [] };
    for (const action of volume.actions) {
      if (action.steps.length === 0) continue;
      if (action.kind !== 'create') throw new Error(`${volume.volume}: its ${action.kind} action has steps; only a create run can be replayed`);
      for (const step of action.steps) {
        if (step.status !== 'ok') throw new Error(`${volume.volume}: its ${step.step} step is ${step.status}; only a run that succeeded can be replayed`);
        if (COMMAND_STEPS.has(step.step)) {
          if (step.command === undefined) throw new Error(`${volume.volume}: its ${step.step} step has no command`);
          replay.commands.push({ argv: step.command, lvm: LVM_STEPS.has(step.step) });
          // The mount folder is the mount command's last word.
          if (step.step === 'mount') replay.folders.push(step.command.at(-1)!);
        } else if (step.step === 'link') {
          const link = LINK_DETAIL.exec(step.detail ?? '');
          if (link === null) throw new Error(`${volume.volume}: its link step says "${step.detail}", not "LINK → TARGET"`);
          replay.links.push({ path: link[1]!, target: link[2]! });
          replay.folders.push(dirname(link[1]!));
        } else if (!LOCAL_STEPS.has(step.step)) {
          throw new Error(`${volume.volume}: a ${step.step} step cannot be part of a create`);
        }
      }
    }
    return replay;
  }).filter((replay) => replay.commands.length > 0);
}

/** The bash script replaying a create run's report (see the top of this file). */
export function replayScript(report: RunReport, lockDir: string, streamsPerVg = LVM_STREAMS_PER_VG): string {
  const volumes = volumesOf(report);
  if (volumes.length === 0) throw new Error('the report created nothing: there is nothing to replay');
  const lanes = new Map<string, number>();
  const laneOf = (vg: string) => {
    const taken = lanes.get(vg) ?? 0;
    lanes.set(vg, taken + 1);
    return `${lockDir}/${vg}.${taken % streamsPerVg}`;
  };
  const words = (list: string[]) => list.map(shellQuote).join(' ');
  const volumeFunctions = volumes.map((volume, index) => {
    const lane = laneOf(volume.vg);
    const commands = volume.commands.map((command) => (command.lvm ? `flock ${shellQuote(lane)} ${words(command.argv)}` : words(command.argv)));
    return `volume_${index}() { ${commands.join(' && ')}; }`;
  });
  return [
    '#!/bin/bash',
    `# Replays the commands of the create run of ${report.startedAt} (bench/real-lvm-replay.ts): prepare | commands | links`,
    'set -u',
    // As the run's command runner sets them (src/host/exec.ts); flock hands its lock to the command it starts.
    'export LC_ALL=C LVM_SUPPRESS_FD_WARNINGS=1',
    `prepare() { mkdir -p ${shellQuote(lockDir)} && mkdir -p -- ${words([...new Set(volumes.flatMap((volume) => volume.folders))])}; }`,
    `links() { ${volumes.flatMap((volume) => volume.links).map((link) => `ln -s -- ${shellQuote(link.target)} ${shellQuote(link.path)}`).join(' && ') || 'true'}; }`,
    `inventory() { local lvs; ${words(buildLvsArgv([...new Set(volumes.map((volume) => volume.vg))]))} >/dev/null & lvs=$!; `
      + `${words(buildExportListArgv())} >/dev/null && wait "$lvs"; }`,
    ...volumeFunctions,
    'commands() {',
    '  local pids=() pid failed=0',
    '  inventory || return 1',
    ...volumes.map((_, index) => `  volume_${index} & pids+=($!)`),
    '  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done',
    '  return $failed',
    '}',
    '"$1"',
    '',
  ].join('\n');
}
