// The end of a VG's teardowns, once each of its pipelines has unexported and unlinked its snapshots: their mount
// folders unmounted together (unmount.ts), the emptied folders removed, then the LVs in one lvremove (removal.ts).
// A snapshot goes on to its next step only when the previous one succeeded, as in a pipeline.
import PQueue from 'p-queue';
import type { StepReport } from '../report/types.ts';
import { removeEmptyDir } from '../host/paths.ts';
import type { SnapshotTarget, TeardownNeeds } from '../plan/types.ts';
import { StepRecorder } from '../workers/steps.ts';
import { removeSnapshots, type RemovalCandidate, type RemovalContext } from './removal.ts';
import { unmountFolders } from './unmount.ts';

/** rmdirs in flight at once: libuv runs 4 file system requests at a time anyway. */
const RMDIRS_AT_ONCE = 8;

export interface TeardownToFinish {
  target: SnapshotTarget;
  needs: TeardownNeeds;
  /** Asked for by name (`remove`): its expiry need not have passed. */
  requested: boolean;
  /** The expiry recorded in the state journal, when there is an entry. */
  stateExpiresAt?: string;
}

export interface FinishResult {
  /** The steps of each teardown, in the order given. */
  steps: StepReport[][];
  removed: Set<string>;
  /** Set when the VG had to be read again after a failed lvremove. */
  reread: boolean;
}

/** Finishes the teardowns of one VG: umount, rmdir, lvremove, each for those still on course. */
export async function finishTeardowns(vg: string, teardowns: readonly TeardownToFinish[], context: RemovalContext): Promise<FinishResult> {
  const recorders = teardowns.map(() => new StepRecorder({ runner: context.host.runner, gate: context.gate, deadline: Number.POSITIVE_INFINITY }));
  const onCourse = (index: number) => !recorders[index]!.failed;

  const mounted = teardowns.filter((teardown) => teardown.needs.unmount).map((teardown) => teardown.target.mountDir);
  const unmounted = await unmountFolders(mounted, context);
  teardowns.forEach((teardown, index) => {
    const step = unmounted.get(teardown.target.mountDir);
    if (teardown.needs.unmount && step !== undefined) recorders[index]!.steps.push(step);
  });

  // A few at a time: thousands of rmdir requests queued at once would hold their memory until the last is done.
  const folders = new PQueue({ concurrency: RMDIRS_AT_ONCE });
  await folders.addAll(teardowns.map((teardown, index) => async () => {
    if (!teardown.needs.rmdir || !onCourse(index)) return;
    const folder = teardown.target.mountDir;
    await recorders[index]!.local('rmdir', () => removeEmptyDir(folder), (outcome) => `${folder} ${outcome}`);
  }));

  const removing = teardowns.map((teardown, index) => teardown.needs.removeLv && onCourse(index));
  const candidates: RemovalCandidate[] = teardowns.flatMap((teardown, index) => (removing[index] ? [{
    name: teardown.target.name,
    expected: {
      vg: teardown.target.vg, origin: teardown.target.origin, type: teardown.target.type,
      ...(teardown.stateExpiresAt !== undefined ? { stateExpiresAt: teardown.stateExpiresAt } : {}),
    },
    requested: teardown.requested,
  }] : []));
  const removal = await removeSnapshots(vg, candidates, context);
  teardowns.forEach((teardown, index) => {
    const step = removing[index] ? removal.steps.get(teardown.target.name) : undefined;
    if (step !== undefined) recorders[index]!.steps.push(step);
  });
  return { steps: recorders.map((recorder) => recorder.steps), removed: removal.removed, reread: removal.reread };
}
