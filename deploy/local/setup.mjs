#!/usr/bin/env node
// Everything a fresh machine needs before Branchline runs or tests: npm dependencies, Debian's
// nats-server, and a TypeScript build. Dependency-free on purpose: it runs before `npm install`.
// Each step says what it does and is skipped when already done.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function say(message) {
  process.stdout.write(`[setup] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`);
  }
}

function onPath(name) {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/bin']) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // next
    }
  }
  return undefined;
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 10)) {
    throw new Error(`Node.js 20.10 or newer is needed; this is ${process.versions.node}`);
  }
}

function installNpmDependencies() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  const fresh = existsSync(marker) && existsSync(lock) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
  if (fresh) return;
  say('installing npm dependencies (first run: about 2 minutes; better-sqlite3 compiles from source)');
  // onnxruntime-node's own install script downloads CUDA files; the CPU runtime ships in the package.
  const env = { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip', npm_config_update_notifier: 'false' };
  // `npm install` rather than `npm ci`: this npm leaves other platforms' optional packages out of
  // the lock file and `npm ci` then refuses it; install still takes the locked versions.
  run('npm', ['install', '--no-fund', '--no-audit'], { env });
}

function aptInstall(packages, why) {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(
      `${why} is missing: install it with \`sudo apt-get install ${packages.join(' ')}\`, then run again`,
    );
  }
  if (!onPath('apt-get'))
    throw new Error(`${why} is missing and there is no apt-get here: install ${packages.join(' ')}`);
  say(`installing ${packages.join(', ')} from Debian's packages (${why})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { env });
}

function ensureNatsServer() {
  if (process.env.BRANCHLINE_NATS_SERVER || onPath('nats-server')) return;
  aptInstall(['nats-server'], 'nats-server, the message broker');
}

/** Debian's Chromium for the browser tests, with a CJK font so Chinese does not render as boxes. */
export const chromiumPath = process.env.BRANCHLINE_CHROMIUM ?? '/usr/bin/chromium';
const cjkFont = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/** What `npm test` needs beyond Node and NATS: the browser, and the deployment checks' tools. */
function ensureTestTools() {
  if (!(existsSync(chromiumPath) && existsSync(cjkFont)))
    aptInstall(['chromium', 'fonts-wqy-microhei'], 'Chromium and a CJK font, for the browser tests');
  // The deploy/ checks run the real tools on the real files: systemd-analyze on the edge's unit,
  // haproxy on the compose load balancer's config.
  const missing = [
    ['systemd', '/usr/bin/systemd-analyze'],
    ['haproxy', '/usr/sbin/haproxy'],
  ].filter(([, path]) => !existsSync(path));
  if (missing.length > 0)
    aptInstall(
      missing.map(([pkg]) => pkg),
      'systemd-analyze and haproxy, for the deployment checks',
    );
}

function build() {
  say('building TypeScript (tsc -b)');
  run(join(root, 'node_modules', '.bin', 'tsc'), ['-b']);
}

export function setup({ withBuild = true, withTestTools = false } = {}) {
  checkNode();
  installNpmDependencies();
  ensureNatsServer();
  if (withTestTools) ensureTestTools();
  if (withBuild) build();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    setup();
    say('done');
  } catch (error) {
    process.stderr.write(`[setup] ${error.message}\n`);
    process.exit(1);
  }
}
