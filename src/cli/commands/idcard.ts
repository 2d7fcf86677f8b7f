// `swipequeue idcard decode <file>` (docs/interfaces.md §1.1).
import { decodeIdCardFile } from '../reader-tools.js';
import { oneArgument, printJson, progress, type CommandGroup } from '../command.js';

const group: CommandGroup = {
  summary: 'swipequeue idcard: second-generation ID card reader frames',
  commands: {
    decode: {
      usage: '<file>',
      summary: 'decode a card read (a reply frame, also with stray bytes, the A5 5A preamble, header-stripped, a bare text block; raw bytes, hex or base64) and print the card as JSON',
      options: {},
      async run({ positionals }) {
        const file = oneArgument(positionals, 'file', 'swipequeue idcard decode <file>');
        const { card, note } = decodeIdCardFile(file);
        if (note) progress(`note: ${note}`);
        printJson(card);
      },
    },
  },
};
export default group;
