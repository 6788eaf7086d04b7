import { Controller, Get, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiCookieAuth } from '@nestjs/swagger';
import { Public } from '../http/public.decorator';
import { ApiErrors } from './api-responses.decorator';
import { BEARER_SECURITY, createOpenApiDocument, SESSION_SECURITY } from './setup-openapi';

// What @Authenticated() (libs/session) puts on a route.
const Authenticated = () => (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
  ApiCookieAuth(SESSION_SECURITY)(target, key, descriptor);
  ApiBearerAuth(BEARER_SECURITY)(target, key, descriptor);
  ApiErrors([401, 'No valid session'], [503, 'Unavailable'])(target, key, descriptor);
};

@Public()
@Controller('open-class')
class OpenClassController {
  @Get()
  get() {
    return 'ok';
  }
}

@Controller('mixed')
class MixedController {
  @Get('open')
  @Public()
  open() {
    return 'ok';
  }

  @Get('closed')
  @Authenticated()
  closed() {
    return 'ok';
  }
}

@Controller('forgotten')
class ForgottenController {
  @Get()
  get() {
    return 'ok';
  }
}

@Controller('both')
class BothController {
  @Get()
  @Public()
  @Authenticated()
  get() {
    return 'ok';
  }
}

async function documentOf(...controllers: Type[]) {
  @Module({ controllers })
  class TestModule {}
  const app = await NestFactory.create(TestModule, new FastifyAdapter(), { preview: true, logger: false });
  try {
    return createOpenApiDocument(app, { title: 't', description: 'd', cookieName: 'sid' });
  } finally {
    await app.close();
  }
}

describe('the OpenAPI document and the session guard', () => {
  it('declares public operations with security: [] and protected ones with the session cookie or a bearer token', async () => {
    const document = await documentOf(OpenClassController, MixedController);
    expect(document.paths['/open-class']?.get?.security).toEqual([]);
    expect(document.paths['/mixed/open']?.get?.security).toEqual([]);
    const either = [{ [SESSION_SECURITY]: [] }, { [BEARER_SECURITY]: [] }];
    expect(document.paths['/mixed/closed']?.get?.security).toEqual(expect.arrayContaining(either));
    expect(document.paths['/mixed/closed']?.get?.security).toHaveLength(2);
    expect(document.security).toEqual(either);
    expect(document.components?.securitySchemes?.[BEARER_SECURITY]).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('refuses a route the guard protects that documents no session', async () => {
    await expect(documentOf(ForgottenController)).rejects.toThrow(/GET \/forgotten: the session guard protects it/);
  });

  it('refuses a route that is both public and protected', async () => {
    await expect(documentOf(BothController)).rejects.toThrow(/GET \/both: both @Public\(\) and a session requirement/);
  });
});
