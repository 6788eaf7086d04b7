// Must stay the first import: it starts tracing before the instrumented modules load.
import './tracing';
import { bootstrapService } from '@session-mesh/platform';
import { userService } from './user-service.definition';

void bootstrapService(userService);
