// `swipequeue idcard decode <file>` (INTERFACES.md §1.1).
import { decodeIdCardFile } from '../reader-tools.js';
import { UsageError, printJson, type CommandGroup } from '../command.js';

const group: CommandGroup = {
  summary: 'swipequeue idcard: second-generation ID card reader frames',
  commands: {
    decode: {
      usage: '<file>',
      summary: 'decode ONE reply frame of a card read (raw bytes or hex text) and print the card as JSON',
      options: {},
      async run({ positionals }) {
        const [file, extra] = positionals;
        if (file === undefined || extra !== undefined) throw new UsageError('expected one file; usage: swipequeue idcard decode <file>');
        printJson(decodeIdCardFile(file));
      },
    },
  },
};
export default group;
