import { bootstrapService } from '@session-mesh/platform';
import { authService } from './auth-service.definition';

void bootstrapService(authService);
