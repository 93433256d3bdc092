# Latency: what each command lvmsnapper runs costs in this guest (TCG, so slower than hardware, but the
# ratios hold), written to latency.json for the simulated host's latency model: per command the sample
# count and min / median / mean / p90 / max in milliseconds.
SAMPLES=/tmp/latency-samples.txt

# Runs a command and records its wall time under NAME.
timed() { # NAME COMMAND…
  local name=$1 t0=$EPOCHREALTIME
  shift
  "$@" >/dev/null
  echo "$name $(ms_since "$t0")" >>"$SAMPLES"
}

scenario_latency() {
  : >"$SAMPLES"
  make_vg vgA /dev/vda 2G
  make_vg vgB /dev/vdb 2G
  local i vg fs
  for i in 0 1 2 3 4 5 6 7; do
    vg=vgA fs=ext4
    ((i >= 4)) && vg=vgB
    ((i % 2)) && fs=xfs
    make_volume "v$i" "$vg" "$fs"
  done
  sync

  timed node_cold node -e 0
  for i in 1 2 3 4 5; do timed node_warm node -e 0; done

  local -a snaps=()
  local round vol snap
  for round in 1 2; do
    for vol in "${VOLUMES[@]}"; do
      snap=$vol-2026120${round}000000
      timed lvcreate_snapshot lvm lvcreate -s -n "$snap" --addtag "$LVM_TAG" \
        --addtag "$LVM_TAG"_exp:20261203T000000Z --setactivationskip n "${VOL_VG[$vol]}/$vol"
      snaps+=("${VOL_VG[$vol]}/$snap")
    done
  done
  for i in 1 2 3 4 5; do
    timed lvs lvm lvs --reportformat json --units b --nosuffix \
      -o lv_name,vg_name,lv_uuid,lv_attr,lv_size,pool_lv,origin,lv_tags,data_percent,metadata_percent,lv_time vgA vgB
  done
  for snap in "${snaps[@]}"; do timed blkid blkid -o value -s TYPE "/dev/$snap"; done
  for snap in "${snaps[@]}"; do timed lvchange_deactivate lvm lvchange -an "$snap"; done
  for snap in "${snaps[@]}"; do timed lvchange_activate lvm lvchange -ay -K "$snap"; done

  local dir
  for snap in "${snaps[@]}"; do
    dir=/snapshots/${snap#*/}
    mkdir -p "$dir"
    vol=${snap#*/}
    vol=${vol%-*}
    if [[ ${VOL_FS[$vol]} == xfs ]]; then
      timed mount_xfs mount -o ro,nouuid,norecovery "/dev/$snap" "$dir"
    else
      timed mount_ext4 mount -o ro "/dev/$snap" "$dir"
    fi
    timed exportfs_export exportfs -o "ro,no_subtree_check,fsid=$((1000 + ${#dir}))$RANDOM" \
      "127.0.0.1:$dir" "10.1.1.0/24:$dir"
  done
  timed exportfs_list exportfs -v
  # The first 8 folders unmounted one call each, the other 8 in one call (as a VG's expiring snapshots are).
  local -a together=()
  for i in "${!snaps[@]}"; do
    dir=/snapshots/${snaps[i]#*/}
    timed exportfs_unexport exportfs -u "127.0.0.1:$dir" "10.1.1.0/24:$dir"
    if ((i < 8)); then timed umount umount "$dir"; else together+=("$dir"); fi
  done
  timed umount_8 umount "${together[@]}"

  # One lvremove per LV (first round), then one lvremove carrying 16 LVs of one VG.
  for snap in "${snaps[@]:0:8}"; do timed lvremove_1 lvm lvremove -y "$snap"; done
  lvm lvremove -y "${snaps[@]:8}" >/dev/null
  local -a batch=()
  for round in 3 4 5 6; do
    for vol in v0 v1 v2 v3; do
      snap=$vol-2026120${round}000000
      timed lvcreate_snapshot lvm lvcreate -s -n "$snap" --addtag "$LVM_TAG" --setactivationskip n "vgA/$vol"
      batch+=("vgA/$snap")
    done
  done
  timed lvremove_16 lvm lvremove -y "${batch[@]}"
  assert_eq "$(lv_rows vgA vgB | awk -F'|' '$3 != ""' | wc -l)" 0 "snapshots left after the removals"

  node -e '
    const [samplesFile, out, kernel, lvm] = process.argv.slice(1);
    const fs = require("fs");
    const byName = {};
    for (const line of fs.readFileSync(samplesFile, "utf8").trim().split("\n")) {
      const [name, ms] = line.split(" ");
      (byName[name] ??= []).push(Number(ms));
    }
    const commands = {};
    for (const [name, all] of Object.entries(byName)) {
      const s = [...all].sort((a, b) => a - b);
      const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
      commands[name] = { n: s.length, min_ms: s[0], median_ms: at(0.5), mean_ms: Math.round(s.reduce((a, b) => a + b, 0) / s.length),
        p90_ms: at(0.9), max_ms: s[s.length - 1], samples_ms: all };
    }
    const doc = { measured: new Date().toISOString(), accel: "tcg", kernel, lvm, commands };
    fs.writeFileSync(out, JSON.stringify(doc, null, 2) + "\n");
  ' "$SAMPLES" "$VMOUT/latency.json" "$(uname -r)" "$(lvm version | awk '/LVM version/ { print $3 }')"
  cat "$VMOUT/latency.json"
}
