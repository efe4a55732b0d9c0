/** Every `symfold` sub-command, in the order `symfold --help` lists them. */
import { benchCommand } from './bench';
import type { Command } from './command';
import { predictCommand } from './predict';
import { scanCommand } from './scan';
import { synthCommand } from './synth';
import { trainCommand } from './train';

export const COMMANDS: readonly Command[] = [
  scanCommand,
  synthCommand,
  trainCommand,
  predictCommand,
  benchCommand,
];
