// Inside the VM guest (scenario bench-real): writes the bash script that replays a create run's commands
// (bench/real-lvm-replay.ts).
//   node dist/bench/real-lvm-replay-cli.js REPORT_JSON SCRIPT LOCK_DIR
import { readFile, writeFile } from 'node:fs/promises';
import type { RunReport } from '../src/report/types.ts';
import { replayScript } from './real-lvm-replay.ts';

const [reportPath, scriptPath, lockDir] = process.argv.slice(2);
if (reportPath === undefined || scriptPath === undefined || lockDir === undefined) {
  process.stderr.write('usage: real-lvm-replay-cli REPORT_JSON SCRIPT LOCK_DIR\n');
  process.exitCode = 2;
} else {
  await writeFile(scriptPath, replayScript(JSON.parse(await readFile(reportPath, 'utf8')) as RunReport, lockDir));
}
