// The options of schema.json.
export interface ServiceGeneratorSchema {
  name: string;
  port?: number;
  rpcPort?: number;
  role?: string;
  skipFormat?: boolean;
}
