// Tracing is configured by the standard OTEL_* variables only (the SDK reads
// them itself); this decides whether to load the SDK at all. Off unless an
// OTLP endpoint or a traces exporter is named; OTEL_SDK_DISABLED=true wins.
export interface TracingConfig {
  enabled: boolean;
  serviceName: string;
}

export function tracingConfigOf(env: NodeJS.ProcessEnv, defaultServiceName: string): TracingConfig {
  const serviceName = env['OTEL_SERVICE_NAME']?.trim() || defaultServiceName;
  if (env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true') return { enabled: false, serviceName };
  const exporters = (env['OTEL_TRACES_EXPORTER'] ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (exporters.includes('none')) return { enabled: false, serviceName };
  const endpoint = Boolean(
    env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim() || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']?.trim(),
  );
  return { enabled: endpoint || exporters.length > 0, serviceName };
}
