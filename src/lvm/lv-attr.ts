// The ten characters of lvs's lv_attr, decoded into the facts the safety checks and the repair step use.
// Positions and letters: lvs(8), "lv_attr bits". Pure.

/** What one lv_attr string says. */
export interface LvAttr {
  /** Position 1, the volume type: `V` thin volume, `t` thin pool, `s` snapshot, `o` origin, `-` plain, … */
  volumeType: string;
  /** Position 5, the state: `a` active, `I` invalid snapshot, `-` inactive, … */
  state: string;
  /** Position 7, the target type: `t` thin, `s` snapshot, `-` none, … */
  targetType: string;
  /** `V`: a thin volume (a thin snapshot is one with an origin). */
  isThinVolume: boolean;
  /** `t`: a thin pool. */
  isThinPool: boolean;
  /** `s`: a classic (thick) snapshot; a merging one (`S`) is not counted, it is on its way back into its origin. */
  isClassicSnapshot: boolean;
  /** `o` or `O` (merging): the origin of a classic snapshot. Thin origins carry no mark here. */
  isOrigin: boolean;
  /** State `a`. An invalid snapshot shows `I` instead even while its device is still mapped. */
  active: boolean;
  /** Position 6 `o`: the device is open (mounted, or held by another process). */
  open: boolean;
  /** State `I` or `S`: a classic snapshot that overflowed its size and lost its data. */
  invalid: boolean;
  /** Position 10 `k`: the activation-skip flag, set by default on thin snapshots (lvcreate(8), --setactivationskip). */
  skipActivation: boolean;
}

/** Decodes an lv_attr string; throws when it is not the ten characters lvm2 prints. */
export function decodeLvAttr(attr: string): LvAttr {
  if (attr.length !== 10) throw new Error(`lv_attr "${attr}" is not 10 characters long`);
  const volumeType = attr[0]!;
  const state = attr[4]!;
  return {
    volumeType,
    state,
    targetType: attr[6]!,
    isThinVolume: volumeType === 'V',
    isThinPool: volumeType === 't',
    isClassicSnapshot: volumeType === 's',
    isOrigin: volumeType === 'o' || volumeType === 'O',
    active: state === 'a',
    open: attr[5] === 'o',
    invalid: state === 'I' || state === 'S',
    skipActivation: attr[9] === 'k',
  };
}
