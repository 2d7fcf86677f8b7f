// SW3 of a reply (and the return code of a vendor SDTAPI library, which uses
// the same numbers plus 01–06 for the PC side of the link): the GA 467 status
// table, in English for logs and the CLI and in Chinese for the volunteer.
// Where older notes in this repo named 23/24/31/32/33/47 differently, the
// wording here follows the status table printed in vendor SDK manuals.
export const SW3 = {
  SUCCESS: 0x90,
  CARD_FOUND: 0x9f,
  NO_CONTENT: 0x91,
  NO_CARD: 0x80,
  SELECT_FAILED: 0x81,
  READ_FAILED: 0x41,
  PORT_FAILED: 0x01,
} as const;

const NAMES: Record<number, readonly [english: string, chinese: string]> = {
  // the PC side of an SDTAPI library (never in a SAM frame)
  0x01: ['port could not be opened (not plugged in, in use, or not a valid port number)', '端口打开失败（未连接、被占用或端口号不对）'],
  0x02: ['no reply from the reader in time', '接收读卡器数据超时'],
  0x03: ['checksum error in the reader reply', '读卡器应答校验和错'],
  0x04: ['USB device not configured', 'USB 设备未配置'],
  0x05: ['the SAM serial port is not usable', 'SAM 串口不可用'],
  0x06: ['USB device disabled', 'USB 设备被禁用'],
  // the SAM
  0x10: ['checksum error in the command', '命令校验和错'],
  0x11: ['length error in the command', '命令长度错'],
  0x21: ['unknown or malformed command', '命令错误'],
  0x23: ['operation not permitted', '越权操作'],
  0x24: ['unrecognised error', '无法识别的错误'],
  0x31: ['card failed to authenticate the reader', '卡认证机具失败'],
  0x32: ['reader failed to authenticate the card', '机具认证卡失败'],
  0x33: ['information verification error', '信息验证错误'],
  0x34: ['no card found yet: cannot operate on a card', '尚未找卡，不能对卡操作'],
  0x40: ['unrecognised card type', '无法识别的卡类型'],
  0x41: ['read card failed', '读卡操作失败'],
  0x47: ['getting a random number failed', '取随机数失败'],
  0x50: ['write card failed', '写卡操作失败'],
  0x60: ['SAM self-check failed, cannot take commands', 'SAM 自检失败，不能接收命令'],
  0x61: ['user login failed', '用户登录失败'],
  0x66: ['SAM not authorised', 'SAM 未经授权，无法使用'],
  0x80: ['no card found (or the card on the reader was already read)', '找卡不成功（没有卡或卡已读过）'],
  0x81: ['select card failed', '选卡不成功'],
  0x90: ['success', '操作成功'],
  0x91: ['no content', '此项无内容'],
  0x9f: ['card found', '找卡成功'],
};

const hex = (b: number) => b.toString(16).toUpperCase().padStart(2, '0');

/** Every status word of the table, for tests and the emulator. */
export const KNOWN_SW3 = Object.keys(NAMES).map(Number);

/** `no card found (…)`; `unknown status` for a number the table does not hold. */
export const statusMeaning = (sw3: number): string => NAMES[sw3]?.[0] ?? 'unknown status';

/** `status 80: no card found (…)` */
export function statusName(sw3: number): string {
  return `status ${hex(sw3)}: ${statusMeaning(sw3)}`;
}

/** `找卡不成功（没有卡或卡已读过）（状态 80）`, for the desk screen. */
export function statusNameZh(sw3: number): string {
  return `${NAMES[sw3]?.[1] ?? '未知状态'}（状态 ${hex(sw3)}）`;
}

/** The answers of a reader that works: found, success, none, no card. Anything else is a fault worth showing. */
export const isHealthyStatus = (sw3: number): boolean => sw3 === SW3.SUCCESS || sw3 === SW3.CARD_FOUND || sw3 === SW3.NO_CONTENT || sw3 === SW3.NO_CARD;

export const hexByte = hex;
