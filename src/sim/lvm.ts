// The `lvm` binary: its subcommands, and `lvm version` as Debian 12's lvm2 2.03.16 prints it (fixture 39). Pure.

import type { CommandPlan } from './command-types.ts';
import { planEarlyAnswer, makeOutput } from './command-types.ts';
import { LVM_EXIT, formatLvmLine } from './lvm-common.ts';
import { planLvchange } from './lvm-lvchange.ts';
import { planLvcreate } from './lvm-lvcreate.ts';
import { planLvremove } from './lvm-lvremove.ts';
import { planLvs } from './lvm-lvs.ts';

const VERSION_TEXT = [
  'LVM version:     2.03.16(2) (2022-05-18)',
  'Library version: 1.02.185 (2022-05-18)',
  'Driver version:  4.47.0',
  'Configuration:   ./configure --build=x86_64-linux-gnu --prefix=/usr --includedir=${prefix}/include '
  + '--mandir=${prefix}/share/man --infodir=${prefix}/share/info --sysconfdir=/etc --localstatedir=/var '
  + '--disable-option-checking --disable-silent-rules --libdir=${prefix}/lib/x86_64-linux-gnu --runstatedir=/run '
  + '--disable-maintainer-mode --disable-dependency-tracking --libdir=/lib/x86_64-linux-gnu --sbindir=/sbin '
  + '--with-usrlibdir=/usr/lib/x86_64-linux-gnu --with-optimisation=-O2 --with-cache=internal --with-device-uid=0 '
  + '--with-device-gid=6 --with-device-mode=0660 --with-default-pid-dir=/run --with-default-run-dir=/run/lvm '
  + '--with-default-locking-dir=/run/lock/lvm --with-thin=internal --with-thin-check=/usr/sbin/thin_check '
  + '--with-thin-dump=/usr/sbin/thin_dump --with-thin-repair=/usr/sbin/thin_repair --with-udev-prefix=/ '
  + '--enable-applib --enable-blkid_wiping --enable-cmdlib --enable-dmeventd --enable-editline '
  + '--enable-lvmlockd-dlm --enable-lvmlockd-sanlock --enable-lvmpolld --enable-notify-dbus --enable-pkgconfig '
  + '--enable-udev_rules --enable-udev_sync --disable-readline',
].map(formatLvmLine).join('');

const SUBCOMMANDS: ReadonlyMap<string, (args: readonly string[]) => CommandPlan> = new Map([
  ['lvs', planLvs],
  ['lvcreate', planLvcreate],
  ['lvchange', planLvchange],
  ['lvremove', planLvremove],
]);

/** Plans `lvm SUBCOMMAND …`, or a subcommand called by its own name (`lvs …`, as its symlink does). */
export function planLvm(subcommand: string | undefined, args: readonly string[]): CommandPlan {
  if (subcommand === 'version') return planEarlyAnswer('lvs', makeOutput(LVM_EXIT.ok, VERSION_TEXT));
  const plan = subcommand === undefined ? undefined : SUBCOMMANDS.get(subcommand);
  if (plan !== undefined) return plan(args);
  const message = subcommand === undefined
    ? 'The simulated lvm has no interactive shell: give a command.'
    : `No such command '${subcommand}'.  Try 'help'.`;
  return planEarlyAnswer('lvs', makeOutput(LVM_EXIT.invalidCmdLine, '', formatLvmLine(message)));
}
