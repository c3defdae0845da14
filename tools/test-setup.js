#!/usr/bin/env node
// Prepares the real services `npm test` needs, so no test is skipped for lack of a tool:
//  - Chromium for the viewer tests (Debian's package, installed with apt-get when missing and we are root);
//  - the Neo4j test server (tools/neo4j, built with Maven when its jar is missing),
//    unless NEO4J_URI points the tests at the user's own server.
// Fails with a message that says what to do when something cannot be provided.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function run(cmd, args, what) {
  try {
    execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], cwd: root });
  } catch (err) {
    fail(`${what} failed (${cmd} ${args.join(' ')}): ${err.message}`);
  }
}

function fail(message) {
  console.error(`\n[test-setup] ${message}\n`);
  process.exit(1);
}

// A CJK font so Chinese firm names render in screenshots instead of boxes.
const CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
const missing = [];
if (!existsSync(CHROMIUM)) missing.push('chromium');
if (!existsSync(CJK_FONT)) missing.push('fonts-wqy-microhei');
if (missing.length > 0) {
  if (process.getuid?.() !== 0) {
    fail(`Missing: ${missing.join(', ')}. Install (Debian: sudo apt-get install -y ${missing.join(' ')}) or set CHROMIUM_PATH.`);
  }
  console.error(`[test-setup] installing ${missing.join(', ')} with apt-get …`);
  run('apt-get', ['update', '-qq'], 'apt-get update');
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], `apt-get install ${missing.join(' ')}`);
  if (!existsSync(CHROMIUM)) fail(`apt-get finished but ${CHROMIUM} is still missing.`);
}

if (!process.env.NEO4J_URI) {
  const build = `${root}tools/neo4j/build.sh`;
  if (!existsSync(build)) fail('tools/neo4j/build.sh is missing: the Neo4j test server cannot be built.');
  run('bash', [build], 'building the Neo4j test server (tools/neo4j, Maven)');
}
console.error('[test-setup] chromium and the Neo4j test server are ready');
