// Secondary entry point: loads nothing but the tracing bootstrap, so an app
// can start the SDK before anything it instruments is required.
export { startTracing } from './lib/tracing/start-tracing';
export { tracingConfigOf, type TracingConfig } from './lib/tracing/tracing-config';
