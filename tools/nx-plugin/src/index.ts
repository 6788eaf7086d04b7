export { serviceGenerator } from './generators/service/service.generator';
export type { ServiceGeneratorSchema } from './generators/service/service.types';
