import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pairFiles, naturalCompare, ROLE_FOLDER_NAMES } from '../../../src/core/pairing';

test('role folders pair by stem across extensions', () => {
  const p = pairFiles([
    'images/a.jpg',
    'masks/a.png',
    'preds/a.npy',
    'images/b.png',
    'masks/b.png',
  ]);
  assert.equal(p.layout, 'folders');
  assert.deepEqual(p.samples, [
    { id: 'a', image: 'images/a.jpg', mask: 'masks/a.png', pred: 'preds/a.npy' },
    { id: 'b', image: 'images/b.png', mask: 'masks/b.png' },
  ]);
  assert.deepEqual(p.unmatched, []);
});

test('every alias of the role folders is recognised', () => {
  for (const [role, names] of Object.entries(ROLE_FOLDER_NAMES)) {
    for (const name of names) {
      const other = role === 'image' ? 'masks/x.png' : 'images/x.png';
      const p = pairFiles([`${name}/x.png`, other]);
      const key = role as 'image' | 'mask' | 'pred';
      assert.equal(p.samples.length, 1, name);
      assert.equal(p.samples[0][key], `${name}/x.png`, name);
    }
  }
  const p = pairFiles([
    'Images/x.png',
    'Labels/x.png',
    'predictions/x.npy',
    'annotations/y.png',
    'gt/z.png',
  ]);
  assert.deepEqual(p.samples, [
    { id: 'x', image: 'Images/x.png', mask: 'Labels/x.png', pred: 'predictions/x.npy' },
    { id: 'y', mask: 'annotations/y.png' },
    { id: 'z', mask: 'gt/z.png' },
  ]);
});

test('sub-folders inside role folders match by relative path; splits above them stay in the id', () => {
  const p = pairFiles([
    'images/left/a.png',
    'images/right/a.png',
    'masks/left/a.png',
    'masks/right/a.png',
    'train/images/c.png',
    'train/masks/c.png',
    'val/images/c.png',
  ]);
  assert.deepEqual(
    p.samples.map((s) => [s.id, s.image, s.mask]),
    [
      ['left/a', 'images/left/a.png', 'masks/left/a.png'],
      ['right/a', 'images/right/a.png', 'masks/right/a.png'],
      ['train/c', 'train/images/c.png', 'train/masks/c.png'],
      ['val/c', 'val/images/c.png', undefined],
    ],
  );
});

test('a role suffix inside a mask folder still pairs (ISIC style)', () => {
  const p = pairFiles(['images/a.png', 'masks/a_mask.png', 'preds/a_pred.npy']);
  assert.deepEqual(p.samples, [
    { id: 'a', image: 'images/a.png', mask: 'masks/a_mask.png', pred: 'preds/a_pred.npy' },
  ]);
});

test('suffix layout: every mask and prediction suffix beside the image', () => {
  const files = [
    'a.png',
    'a_mask.png',
    'a_pred.png',
    'b.png',
    'b-mask.png',
    'b-pred.npy',
    'c.tif',
    'c_gt.png',
    'c_prediction.npz',
    'd.jpg',
    'd_label.png',
    'e.png',
    'e_MASK.png',
    'sub/f.png',
    'sub/f_mask.png',
  ];
  const p = pairFiles(files);
  assert.equal(p.layout, 'suffix');
  assert.deepEqual(p.samples, [
    { id: 'a', image: 'a.png', mask: 'a_mask.png', pred: 'a_pred.png' },
    { id: 'b', image: 'b.png', mask: 'b-mask.png', pred: 'b-pred.npy' },
    { id: 'c', image: 'c.tif', mask: 'c_gt.png', pred: 'c_prediction.npz' },
    { id: 'd', image: 'd.jpg', mask: 'd_label.png' },
    { id: 'e', image: 'e.png', mask: 'e_MASK.png' },
    { id: 'sub/f', image: 'sub/f.png', mask: 'sub/f_mask.png' },
  ]);
  assert.deepEqual(p.unmatched, []);
});

test('a sample may lack its mask or its image, and the caller sees which', () => {
  const p = pairFiles(['images/a.png', 'masks/b.png']);
  assert.deepEqual(p.samples, [
    { id: 'a', image: 'images/a.png' },
    { id: 'b', mask: 'masks/b.png' },
  ]);
});

test('config layout names the folders; unnamed roles keep their default names', () => {
  const config = { images: 'scans', masks: 'seg/v2' };
  const p = pairFiles(['scans/a.png', 'seg/v2/a.png', 'preds/a.npy', 'masks/a.png'], config);
  assert.equal(p.layout, 'config');
  // masks/ is no longer a mask folder once the config names one, so masks/a.png is an image of its own.
  assert.deepEqual(p.samples, [
    { id: 'a', image: 'scans/a.png', mask: 'seg/v2/a.png', pred: 'preds/a.npy' },
    { id: 'masks/a', image: 'masks/a.png' },
  ]);
});

test('config may put the images at the root', () => {
  const p = pairFiles(['a.png', 'b.png', 'gt/a.png'], { images: '', masks: 'gt' });
  assert.deepEqual(p.samples, [
    { id: 'a', image: 'a.png', mask: 'gt/a.png' },
    { id: 'b', image: 'b.png' },
  ]);
});

test('unmatched reasons: orphan prediction, shared stems, unknown file types', () => {
  const p = pairFiles([
    'images/a.jpg',
    'images/a.png',
    'masks/a.png',
    'masks/a.npy',
    'preds/z.npy',
    'preds/y.png',
    'preds/y.npy',
    'masks/notes.txt',
    'images/c.png',
  ]);
  assert.deepEqual(p.samples, [
    { id: 'a', image: 'images/a.png', mask: 'masks/a.png' },
    { id: 'c', image: 'images/c.png' },
  ]);
  assert.deepEqual(p.unmatched, [
    { path: 'images/a.jpg', reason: 'two images share stem a: images/a.png, images/a.jpg' },
    { path: 'masks/a.npy', reason: 'two masks share stem a: masks/a.png, masks/a.npy' },
    { path: 'masks/notes.txt', reason: 'not an image or array file' },
    { path: 'preds/y.npy', reason: 'prediction with no image or mask' },
    { path: 'preds/y.png', reason: 'two predictions share stem y: preds/y.npy, preds/y.png' },
    { path: 'preds/z.npy', reason: 'prediction with no image or mask' },
  ]);
});

test('bookkeeping and dot files are neither samples nor unmatched', () => {
  const p = pairFiles([
    'symfold.json',
    'corrupted.txt',
    'README.md',
    'readme.txt',
    '.DS_Store',
    'images/.hidden.png',
    '.cache/x.png',
    'images/a.png',
    'masks/a.png',
  ]);
  assert.deepEqual(p.samples, [{ id: 'a', image: 'images/a.png', mask: 'masks/a.png' }]);
  assert.deepEqual(p.unmatched, []);
});

test('order is natural and independent of the input order', () => {
  const files = ['img10.png', 'img2.png', 'img1.png', 'Img3.png', 'img02.png'];
  const ids = pairFiles(files).samples.map((s) => s.id);
  assert.deepEqual(ids, ['img1', 'img02', 'img2', 'Img3', 'img10']);
  assert.deepEqual(
    pairFiles([...files].reverse()).samples.map((s) => s.id),
    ids,
  );
  assert.ok(naturalCompare('a2', 'a10') < 0);
  assert.ok(naturalCompare('a10', 'a2') > 0);
  assert.equal(naturalCompare('x', 'x'), 0);
  assert.ok(naturalCompare('a', 'a1') < 0);
});

test('Windows separators are normalised to POSIX', () => {
  const p = pairFiles(['images\\a.png', 'masks\\a.png']);
  assert.deepEqual(p.samples, [{ id: 'a', image: 'images/a.png', mask: 'masks/a.png' }]);
});
