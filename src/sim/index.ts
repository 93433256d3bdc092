// The simulated host: the real tools' argv in, their real output formats out, against a world in memory or in a
// folder shared with fake executables.

export { createSimHost } from './sim-host.ts';
export type { SimHost, SimHostOptions } from './sim-host.ts';
export { installFakeBinaries, WORLD_DIR_ENV } from './fake-binaries.ts';
export type { SimControl, LvInfo, MountInfo, ExportInfo } from './control.ts';
export type { PoolSpec, SnapshotSpec, VgSpec, VolumeSpec, LvIdentity } from './control-build.ts';
export type { CommandKind } from './command-types.ts';
export { COMMAND_KINDS } from './command-types.ts';
export type { FaultEffect, FaultRecord, FaultSpec, FsType, Latency } from './world.ts';
export type { LockEvent } from './locks.ts';
export { WORLD_FORMAT, WORLD_VERSION } from './world-codec.ts';
export { locateWorldFiles } from './world-store.ts';
