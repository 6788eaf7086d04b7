// The services besides gateway, auth-service and user-service. Every mesh
// starts each one from dist/apps/<app> (they read sessions from the mesh's
// Redis) and gives the gateway its URL: the gateway is ready only when every
// service it routes to is. `nx g @session-mesh/nx-plugin:service <name>`
// appends an entry here.
export interface MeshService {
  app: string;
  // The gateway's variable for the service's URL (apps/gateway/src/services.ts).
  urlVariable: string;
}

export const MESH_SERVICES: readonly MeshService[] = [];
