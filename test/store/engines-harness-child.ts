// A minimal two-engine test, run by engines-harness.test.ts with and without a server and CI.
import assert from 'node:assert/strict';
import { forEachEngine } from '../helpers/engines';

forEachEngine('stores a row', ({ open }) => {
  const db = open();
  db.prepare(`INSERT INTO role_leases (name, holder, until) VALUES ('r', 'h', 1)`).run();
  assert.equal(db.prepare('SELECT count(*) FROM role_leases').pluck().get(), 1);
});
