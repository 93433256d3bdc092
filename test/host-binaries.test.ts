import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BINARIES, buildSearchPath } from '../src/host/binaries.ts';

test('every binary is a bare name, resolved through PATH', () => {
  assert.deepEqual(Object.values(BINARIES).sort(), ['blkid', 'exportfs', 'lvm', 'mount', 'umount']);
  for (const name of Object.values(BINARIES)) assert.doesNotMatch(name, /\//);
});

test('buildSearchPath keeps the caller\'s entries first and adds the sbin folders cron leaves out', () => {
  assert.equal(buildSearchPath('/tmp/fake:/usr/bin:/bin'), '/tmp/fake:/usr/bin:/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/sbin');
  assert.equal(
    buildSearchPath('/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'),
    '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  );
  assert.equal(buildSearchPath(undefined), '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  assert.equal(buildSearchPath('::/opt/x:'), '/opt/x:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
});
