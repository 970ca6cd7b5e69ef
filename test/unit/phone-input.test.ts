// A malformed phone number is refused with a message that says what is wrong with it.
import { phoneNumberInput } from '../../contracts/http/phone';
import { phoneNumberProblem } from '../../domain/phone';

test.each([
  ['+15125550123', undefined],
  ['(512) 555-0123', undefined],
  ['', 'is empty'],
  ['   ', 'is empty'],
  ['512-CALL-NOW', 'may contain only digits'],
  ['555-0123', 'too few digits'],
  ['+1 512 555 0123 4567 8901', 'too many digits'],
  ['+999 555 0123', 'unknown country code'],
  ['1'.repeat(40), 'too long'],
])('phoneNumberProblem(%j) mentions %j', (raw, problem) => {
  if (problem === undefined) expect(phoneNumberProblem(raw)).toBeUndefined();
  else expect(phoneNumberProblem(raw)).toContain(problem);
});

test('valid numbers come out in E.164; invalid ones carry the invalid_phone_number marker', () => {
  expect(phoneNumberInput.parse(' (512) 555-0123 ')).toBe('+15125550123');
  const result = phoneNumberInput.safeParse('555');
  expect(result.success).toBe(false);
  expect(result.error?.issues[0]).toMatchObject({ code: 'custom', params: { phone: true } });
});
