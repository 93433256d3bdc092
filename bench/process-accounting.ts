// Reads the kernel's BSD process accounting file (acct(2); struct acct_v3 of linux/acct.h): one record per process
// that ended while accounting was on, with the CPU time of all its threads.

export interface AccountedProcess {
  pid: number;
  ppid: number;
  comm: string;
  /** User + system time. */
  cpuMs: number;
}

const RECORD_BYTES = 64;
const ACCT_V3 = 3;
// AHZ, the unit of ac_utime and ac_stime: USER_HZ, 100 on every architecture but alpha (include/linux/acct.h).
const MS_PER_TICK = 10;

/** The records of an acct_v3 file; throws on another format or a torn record. */
export function parseAcctV3(data: Uint8Array): AccountedProcess[] {
  if (data.length % RECORD_BYTES !== 0) throw new Error(`an acct_v3 file is whole ${RECORD_BYTES}-byte records, not ${data.length} bytes`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const processes: AccountedProcess[] = [];
  for (let offset = 0; offset < data.length; offset += RECORD_BYTES) {
    const version = view.getUint8(offset + 1);
    if (version !== ACCT_V3) throw new Error(`process accounting record version ${version}, expected ${ACCT_V3} (CONFIG_BSD_PROCESS_ACCT_V3)`);
    const comm = new TextDecoder().decode(data.subarray(offset + 48, offset + 64)).replace(/\0.*$/s, '');
    const ticks = decodeCompT(view.getUint16(offset + 32, true)) + decodeCompT(view.getUint16(offset + 34, true));
    processes.push({ pid: view.getUint32(offset + 16, true), ppid: view.getUint32(offset + 20, true), comm, cpuMs: ticks * MS_PER_TICK });
  }
  return processes;
}

/** comp_t: a 13-bit mantissa and a 3-bit base-8 exponent (linux/acct.h). */
export function decodeCompT(value: number): number {
  return (value & 0x1fff) * 8 ** (value >> 13);
}
