// The reader's word diff (web/diff.js), without a browser: it is a pure
// module. Runs with the other browser tests, or alone:
//   node --test tests/browser/diff.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffWords, words } from '../../web/diff.js';

/** The runs as "=same", "-del", "+ins" strings. */
const shown = (before, after, options) => {
  const result = diffWords(before, after, options);
  return result.runs ? result.runs.map(({ kind, text }) => `${{ same: '=', del: '-', ins: '+' }[kind]}${text}`) : result;
};

test('words keep their spaces, so they join back into the text', () => {
  const text = '  Article 3 – Prix\nle client verse  12 500 euros.\n';
  assert.deepEqual(words(text), ['  Article ', '3 ', '– ', 'Prix\n', 'le ', 'client ', 'verse  ', '12 ', '500 ', 'euros.\n']);
  assert.equal(words(text).join(''), text);
  assert.deepEqual(words(''), []);
  assert.deepEqual(words(null), []);
});

test('a changed amount is one deletion and one insertion', () => {
  assert.deepEqual(shown('la somme de 12 500 euros hors taxes', 'la somme de 14 800 euros hors taxes'), [
    '=la somme de ',
    '-12 500 ',
    '+14 800 ',
    '=euros hors taxes',
  ]);
});

test('an added article is one insertion, and identical texts have no edit', () => {
  assert.deepEqual(shown('Article 6 fin. Article 7 suite.', 'Article 6 fin. Article 7 secret. Article 8 suite.'), [
    '=Article 6 fin. Article 7 ',
    '+secret. Article 8 ',
    '=suite.',
  ]);
  assert.deepEqual(shown('un deux trois', 'un  deux\ntrois'), ['=un  deux\ntrois']);
  assert.deepEqual(shown('', ''), []);
  assert.deepEqual(shown('', 'tout neuf'), ['+tout neuf']);
  assert.deepEqual(shown('tout vieux', ''), ['-tout vieux']);
});

test('every word of both texts is accounted for, in order', () => {
  // A small deterministic generator: edits scattered over 3,000 words.
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const before = Array.from({ length: 3000 }, (_, i) => `m${i % 97}`);
  const after = before.flatMap((word) => {
    const roll = next() % 100;
    if (roll < 3) return [];
    if (roll < 6) return [word, `n${next() % 50}`];
    if (roll < 8) return [`r${next() % 50}`];
    return [word];
  });
  const { runs } = diffWords(before.join(' '), after.join(' '));
  const kept = (kinds) => runs.filter((run) => kinds.includes(run.kind)).map((run) => run.text).join('').split(/\s+/).filter(Boolean);
  assert.deepEqual(kept(['same', 'del']), before);
  assert.deepEqual(kept(['same', 'ins']), after);
});

test('texts too long or too different are refused, not frozen on', () => {
  const many = Array.from({ length: 11 }, (_, i) => `w${i}`).join(' ');
  assert.deepEqual(diffWords(many, many, { maxWords: 10 }), { tooLong: 11 });
  assert.deepEqual(diffWords('a b c d e f', 'u v w x y z', { maxEdits: 5 }), { tooDifferent: true });
  assert.ok(diffWords('a b c d e f', 'u v w x y z', { maxEdits: 12 }).runs);
});
