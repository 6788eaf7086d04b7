import { defineErrorCodes } from '@session-mesh/platform';

// The error codes only the gateway answers with.
export const GATEWAY_ERROR_STATUS = {
  upstream_unavailable: 503,
} as const;

export class GatewayError extends defineErrorCodes(GATEWAY_ERROR_STATUS) {}
