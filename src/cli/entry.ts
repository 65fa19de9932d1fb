/** Bundle entry point: bin/tsctl loads this file. */
import { run } from './main';

void run();
