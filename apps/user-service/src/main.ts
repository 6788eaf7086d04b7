import { bootstrapService } from '@session-mesh/platform';
import { userService } from './user-service.definition';

void bootstrapService(userService);
