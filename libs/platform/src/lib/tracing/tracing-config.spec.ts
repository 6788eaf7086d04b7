import { tracingConfigOf } from './tracing-config';

describe('tracingConfigOf', () => {
  it('is off without OTEL_* variables', () => {
    expect(tracingConfigOf({}, 'auth-service')).toEqual({ enabled: false, serviceName: 'auth-service' });
  });

  it('is on with an OTLP endpoint or a traces exporter', () => {
    expect(tracingConfigOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'gateway').enabled).toBe(true);
    expect(tracingConfigOf({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' }, 'gateway').enabled).toBe(
      true,
    );
    expect(tracingConfigOf({ OTEL_TRACES_EXPORTER: 'otlp' }, 'gateway').enabled).toBe(true);
    expect(tracingConfigOf({ OTEL_TRACES_EXPORTER: ' console ' }, 'gateway').enabled).toBe(true);
  });

  it('stays off with OTEL_TRACES_EXPORTER=none or OTEL_SDK_DISABLED=true, whatever else is set', () => {
    expect(
      tracingConfigOf({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }, 'g').enabled,
    ).toBe(false);
    expect(
      tracingConfigOf(
        { OTEL_SDK_DISABLED: 'TRUE', OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c' },
        'g',
      ).enabled,
    ).toBe(false);
    expect(tracingConfigOf({ OTEL_SDK_DISABLED: 'false', OTEL_TRACES_EXPORTER: 'otlp' }, 'g').enabled).toBe(true);
    expect(tracingConfigOf({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }, 'g').enabled).toBe(false);
  });

  it('names the service after the app unless OTEL_SERVICE_NAME says otherwise', () => {
    expect(tracingConfigOf({ OTEL_SERVICE_NAME: 'sessions-auth' }, 'auth-service').serviceName).toBe('sessions-auth');
    expect(tracingConfigOf({ OTEL_SERVICE_NAME: ' ' }, 'auth-service').serviceName).toBe('auth-service');
  });
});
