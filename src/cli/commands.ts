/** Every `symfold` sub-command, in the order `symfold --help` lists them. */
import type { Command } from './command';
import { scanCommand } from './scan';
import { synthCommand } from './synth';

export const COMMANDS: readonly Command[] = [scanCommand, synthCommand];
