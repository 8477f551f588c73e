/**
 * The FollowTheMoney reference implementation (the `followthemoney` Python package, at the version
 * tools/ftm-requirements.txt pins) in a virtual environment of the project's own, .tools/ftm:
 * made on first use (`.ci/run` makes it beforehand), so that the tests check exports against FtM
 * itself rather than against our reading of its schemas.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, openSync, closeSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config.js';

const VENV = path.join(PROJECT_ROOT, '.tools', 'ftm');
const PYTHON = path.join(VENV, 'bin', 'python');

function run(command: string, args: string[], options: { stdinFile?: string } = {}) {
  const stdin = options.stdinFile ? openSync(options.stdinFile, 'r') : 'ignore';
  try {
    return spawnSync(command, args, { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: [stdin, 'pipe', 'pipe'], maxBuffer: 64 * 2 ** 20 });
  } finally {
    if (typeof stdin === 'number') closeSync(stdin);
  }
}

/** Makes the environment if it is missing or lacks the package; throws saying what failed. */
export function ensureFtmReference(): void {
  if (existsSync(PYTHON) && run(PYTHON, ['-c', 'import followthemoney']).status === 0) return;
  for (const [command, args] of [
    ['python3', ['-m', 'venv', VENV]],
    [PYTHON, ['-m', 'pip', 'install', '--quiet', '-r', path.join(PROJECT_ROOT, 'tools', 'ftm-requirements.txt')]],
  ] as const) {
    const result = run(command, [...args]);
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  }
}

/** What the strict check (tools/ftm-check.py) and `ftm validate` say of an FtM JSON-lines file. */
export function checkWithReference(file: string): { problems: string[]; validated: number } {
  const check = run(PYTHON, [path.join(PROJECT_ROOT, 'tools', 'ftm-check.py')], { stdinFile: file });
  if (check.status !== 0 && check.status !== 1) throw new Error(`tools/ftm-check.py failed:\n${check.stderr}`);
  const validate = run(path.join(VENV, 'bin', 'ftm'), ['validate', '-i', file]);
  if (validate.status !== 0) throw new Error(`ftm validate refused the file:\n${validate.stderr}`);
  return { problems: check.stdout.split('\n').filter(Boolean), validated: validate.stdout.split('\n').filter(Boolean).length };
}
