import { AppError, defineErrorCodes, PlatformError } from './app-error';

describe('defineErrorCodes', () => {
  class OrdersError extends defineErrorCodes({ order_not_found: 404, order_closed: 409 }) {}

  it('gives each code of the catalogue its status', () => {
    const error = new OrdersError('order_closed', 'closed', undefined, 3);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toBeInstanceOf(OrdersError);
    expect([error.code, error.status, error.message, error.retryAfterSeconds]).toEqual([
      'order_closed',
      409,
      'closed',
      3,
    ]);
  });

  it('keeps the catalogues apart: a class accepts only its own codes', () => {
    // @ts-expect-error a platform code is not an OrdersError code
    expect(new OrdersError('bad_request', 'x').status).toBeUndefined();
    expect(new PlatformError('bad_request', 'x').status).toBe(400);
  });
});
