// Must stay the first import: it starts tracing before the instrumented modules load.
import './tracing';
import { bootstrapService } from '@session-mesh/platform';
import { authService } from './auth-service.definition';

void bootstrapService(authService);
