// `npm start`: the whole product on one machine — the site's server and the scheduler, side by side.
// Signals reach both; if either stops, the other is stopped too and the exit code says so.
import { spawn } from 'node:child_process';

const children = [
	spawn(process.execPath, ['src/serve.js'], { stdio: 'inherit' }),
	spawn(process.execPath, ['--import', 'tsx', 'scheduler/index.ts'], { stdio: 'inherit' })
];
let exiting = false;
for (const child of children) {
	child.on('exit', (code, signal) => {
		if (exiting) return;
		exiting = true;
		for (const other of children) if (other !== child && other.exitCode === null) other.kill('SIGTERM');
		process.exitCode = code ?? (signal ? 1 : 0);
	});
}
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		exiting = true;
		for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
	});
}
