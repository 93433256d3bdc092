// Development-only worker entry: on Node 20, `--import tsx` does not reach a worker's ESM loader, so the worker
// registers tsx itself before loading the TypeScript entry. Production runs the compiled dist/ worker.
import { register } from 'tsx/esm/api';

register();
const { default: handleTask } = await import('./worker.ts');
export default handleTask;
