// Passwords are stored as argon2id with OWASP's baseline cost, never as anything weaker.
import { verify } from '@node-rs/argon2';
import { hashPassword } from '../../api/accounts';

test('a password hash is argon2id, 19 MiB, 2 passes, salted, and verifies', async () => {
  const [first, second] = await Promise.all([hashPassword('correct horse battery'), hashPassword('correct horse battery')]);
  expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  expect(first).not.toBe(second);
  expect(await verify(first, 'correct horse battery')).toBe(true);
  expect(await verify(first, 'correct horse battery!')).toBe(false);
});
