import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm, chmod, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { listDataset, findDatasetRoot } from '../../../src/io/dataset-files';
import { UserError } from '../../../src/cli/command';

let base: string;

before(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'symfold-dataset-files-'));
});
after(async () => {
  await rm(base, { recursive: true, force: true });
});

async function tree(root: string, files: Record<string, string>): Promise<string> {
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), content);
  }
  return root;
}

test('walks a folders layout, skipping hidden folders, .symfold and node_modules', async () => {
  const root = await tree(path.join(base, 'folders'), {
    'images/a.png': '',
    'images/sub/b.png': '',
    'masks/a.png': '',
    'masks/sub/b.png': '',
    'preds/a.npy': '',
    '.symfold/cache/x.png': '',
    '.git/HEAD': '',
    'node_modules/p/x.png': '',
    'notes.txt': '',
  });
  const listing = await listDataset(root);
  assert.equal(listing.root, root);
  assert.deepEqual(listing.files, [
    'images/a.png',
    'images/sub/b.png',
    'masks/a.png',
    'masks/sub/b.png',
    'notes.txt',
    'preds/a.npy',
  ]);
  assert.equal(listing.pairing.layout, 'folders');
  assert.deepEqual(listing.pairing.samples, [
    { id: 'a', image: 'images/a.png', mask: 'masks/a.png', pred: 'preds/a.npy' },
    { id: 'sub/b', image: 'images/sub/b.png', mask: 'masks/sub/b.png' },
  ]);
  assert.deepEqual(listing.pairing.unmatched, [
    { path: 'notes.txt', reason: 'not an image or array file' },
  ]);
  assert.deepEqual(listing.warnings, []);
  assert.equal(listing.config, undefined);
});

test('reads symfold.json and passes its folders to the pairing', async () => {
  const root = await tree(path.join(base, 'config'), {
    'symfold.json': JSON.stringify({ images: 'x', masks: 'y', axis: 'ud', extra: 1 }),
    'x/a.png': '',
    'y/a.png': '',
  });
  const listing = await listDataset(root);
  assert.deepEqual(listing.config, { images: 'x', masks: 'y', axis: 'ud' });
  assert.equal(listing.pairing.layout, 'config');
  assert.deepEqual(listing.pairing.samples, [{ id: 'a', image: 'x/a.png', mask: 'y/a.png' }]);
  assert.equal(listing.warnings.length, 1);
  assert.match(listing.warnings[0], /symfold\.json: unknown key 'extra'/);
});

test('a broken symfold.json is a UserError naming the file', async () => {
  const root = await tree(path.join(base, 'badconfig'), {
    'symfold.json': '{"axis": "sideways"}',
    'a.png': '',
  });
  await assert.rejects(listDataset(root), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.equal(err.file, path.join(root, 'symfold.json'));
    assert.match(err.message, /symfold\.json: 'axis' is "sideways"/);
    return true;
  });
});

test('missing folder and a file instead of a folder are errors naming the path', async () => {
  const missing = path.join(base, 'nope');
  await assert.rejects(
    listDataset(missing),
    (err: unknown) =>
      err instanceof UserError && err.message === `dataset folder not found: ${missing}`,
  );
  const file = path.join(base, 'plain.png');
  await writeFile(file, '');
  await assert.rejects(
    listDataset(file),
    (err: unknown) =>
      err instanceof UserError && /plain\.png is a file, not a dataset folder/.test(err.message),
  );
});

test('an empty folder, or one with no images, is a warning', async () => {
  const empty = path.join(base, 'empty');
  await mkdir(empty);
  const listing = await listDataset(empty);
  assert.deepEqual(listing.files, []);
  assert.match(listing.warnings[0], /empty\b.*is empty/);
  const other = await tree(path.join(base, 'textonly'), { 'a.txt': '', 'b.csv': '' });
  assert.match(
    (await listDataset(other)).warnings[0],
    /no images or masks found in .*textonly \(2 other files\)/,
  );
});

test(
  'an unreadable sub-folder is a warning naming it; the rest is listed',
  { skip: process.getuid?.() === 0 ? 'root reads every folder' : false },
  async () => {
    const root = await tree(path.join(base, 'locked'), {
      'images/a.png': '',
      'masks/a.png': '',
      'masks/secret/b.png': '',
    });
    await chmod(path.join(root, 'masks/secret'), 0o000);
    try {
      const listing = await listDataset(root);
      assert.equal(listing.pairing.samples.length, 1);
      assert.match(listing.warnings[0], /cannot read folder .*masks\/secret/);
    } finally {
      await chmod(path.join(root, 'masks/secret'), 0o755);
    }
  },
);

test('links to folders are followed once, and a link loop ends', async () => {
  const root = await tree(path.join(base, 'links'), { 'real/a.png': '', 'masks/a.png': '' });
  await symlink(path.join(root, 'real'), path.join(root, 'images'));
  await symlink(root, path.join(root, 'real', 'loop'));
  const listing = await listDataset(root);
  assert.deepEqual(listing.pairing.samples[0], {
    id: 'a',
    image: 'images/a.png',
    mask: 'masks/a.png',
  });
  assert.ok(listing.files.length < 10, `${listing.files.length} files`);
});

test('10,000 files list and pair in well under a second or two', async () => {
  const root = path.join(base, 'big');
  await mkdir(path.join(root, 'images'), { recursive: true });
  await mkdir(path.join(root, 'masks'), { recursive: true });
  const writes: Promise<void>[] = [];
  for (let i = 0; i < 5000; i++) {
    writes.push(writeFile(path.join(root, 'images', `s${i}.png`), ''));
    writes.push(writeFile(path.join(root, 'masks', `s${i}.png`), ''));
  }
  await Promise.all(writes);
  const t0 = performance.now();
  const listing = await listDataset(root);
  const ms = performance.now() - t0;
  assert.equal(listing.pairing.samples.length, 5000);
  assert.equal(listing.pairing.samples[2].id, 's2');
  assert.ok(ms < 2000, `took ${ms} ms`);
});

test('findDatasetRoot: symfold.json, role folders, suffix layout, or nothing', async () => {
  const folders = await tree(path.join(base, 'root-folders'), {
    'images/deep/a.png': '',
    'masks/deep/a.png': '',
  });
  assert.equal(await findDatasetRoot(path.join(folders, 'images/deep/a.png')), folders);
  assert.equal(await findDatasetRoot(path.join(folders, 'masks/deep/a.png')), folders);

  const configured = await tree(path.join(base, 'root-config'), {
    'symfold.json': '{}',
    'scans/x/a.png': '',
  });
  assert.equal(await findDatasetRoot(path.join(configured, 'scans/x/a.png')), configured);

  const suffix = await tree(path.join(base, 'root-suffix'), {
    'data/a.png': '',
    'data/a_mask.png': '',
    'data/lonely.png': '',
  });
  assert.equal(await findDatasetRoot(path.join(suffix, 'data/a.png')), path.join(suffix, 'data'));
  assert.equal(
    await findDatasetRoot(path.join(suffix, 'data/a_mask.png')),
    path.join(suffix, 'data'),
  );
  assert.equal(await findDatasetRoot(path.join(suffix, 'data/lonely.png')), undefined);
});
