import { DbError, duplicateKey, transactionConflict } from '../../local/db/errors';
import { toWireError, TCB_ERR_CODE } from '../../local/wire/errors';

/**
 * The engine's errors as the wire server sends them: the body the real SDK turns back into what the
 * cloud's callers see (a document operation: `errCode: TCB_ERR_CODE[code] || -501001`, no `code`;
 * a commit: the raw `code`, retried by runTransaction on DATABASE_TRANSACTION_CONFLICT).
 */
describe('engine errors on the wire', () => {
  test("a commit-time conflict keeps the code runTransaction retries on", () => {
    expect(toWireError(transactionConflict('orders', 'o1'))).toEqual({ code: 'DATABASE_TRANSACTION_CONFLICT', message: expect.stringMatching(/orders\/o1/) });
  });

  test('a write-lock conflict already in the SDK-wrapped form goes out as the server said it, prefix dropped', () => {
    const wrapped = Object.assign(new Error('x'), {
      errCode: -501001,
      errMsg: 'document.update:fail -501001 resource system error. [ResourceUnavailable.TransactionConflict] Transaction is conflicting',
    });
    const wire = toWireError(wrapped);
    expect(wire).toEqual({ code: 'DATABASE_TRANSACTION_CONFLICT', message: '[ResourceUnavailable.TransactionConflict] Transaction is conflicting' });
    // Which the SDK's document wrapper maps to -501001 (no such key in its table).
    expect(TCB_ERR_CODE[wire.code]).toBeUndefined();
  });

  test('a duplicate key is a request failure with the E11000 text; bad params keep their code; anything else is a system error', () => {
    expect(toWireError(duplicateKey('users', 'u1'))).toEqual({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringMatching(/^E11000 duplicate key/) });
    expect(TCB_ERR_CODE.DATABASE_REQUEST_FAILED).toBe(-502001);
    expect(toWireError(new DbError('INVALID_PARAM', 'bad'))).toEqual({ code: 'INVALID_PARAM', message: 'bad' });
    expect(toWireError(new Error('injected fault at database operation 3'))).toEqual({ code: 'SYS_ERR', message: 'injected fault at database operation 3' });
  });
});
