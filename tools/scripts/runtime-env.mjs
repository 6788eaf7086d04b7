// Process settings the runtime image (docker/Dockerfile) gives every app,
// for the ways of running the built apps outside it (npm start, the bench).
// tools/deploy-checks checks that the Dockerfile sets the same values.
export const RUNTIME_ENV = Object.freeze({
  // A fixed mmap threshold: glibc otherwise raises it to the size of the first
  // large block freed (argon2id's 19 MiB) and keeps every later one in the
  // arena of its thread (docs/performance.md, "user-service's peak RSS").
  GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=131072',
});
