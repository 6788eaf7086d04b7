import { BadRequestException, NotFoundException } from '@nestjs/common';
import { PlatformError } from './app-error';
import { toErrorBody } from './http-exception.filter';

describe('toErrorBody', () => {
  it('keeps the code, status, message and details of an AppError', () => {
    const error = new PlatformError('validation_failed', 'bad', [{ path: 'username', message: 'Invalid email' }]);
    expect(toErrorBody(error)).toEqual({
      statusCode: 400,
      code: 'validation_failed',
      message: 'bad',
      details: [{ path: 'username', message: 'Invalid email' }],
    });
  });

  it('maps Nest HTTP exceptions to a stable code by status', () => {
    expect(toErrorBody(new NotFoundException('Cannot GET /x'))).toMatchObject({
      statusCode: 404,
      code: 'route_not_found',
    });
    expect(toErrorBody(new BadRequestException('nope'))).toMatchObject({ statusCode: 400, code: 'bad_request' });
  });

  it('never leaks what an unexpected error says', () => {
    const body = toErrorBody(new Error('password=hunter2 at /srv/app.js:10'));
    expect(body).toEqual({ statusCode: 500, code: 'internal_error', message: 'Internal server error' });
  });
});
