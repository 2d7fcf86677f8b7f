// Placeholder until the idcard commands land; owned by the feature that implements them.
import type { CommandGroup } from '../command.js';

const group: CommandGroup = { summary: 'swipequeue idcard (not built yet)', commands: {} };
export default group;
