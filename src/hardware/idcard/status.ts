// SW3 of a reply: what the SAM says, in plain words (English for logs and the
// CLI, Chinese for the volunteer at the desk).
export const SW3 = {
  SUCCESS: 0x90,
  CARD_FOUND: 0x9f,
  NO_CONTENT: 0x91,
  NO_CARD: 0x80,
  SELECT_FAILED: 0x81,
  READ_FAILED: 0x41,
} as const;

const NAMES: Record<number, readonly [english: string, chinese: string]> = {
  0x90: ['success', '操作成功'],
  0x9f: ['card found', '找到卡片'],
  0x91: ['no content', '无此项内容'],
  0x80: ['no card found (or the card on the reader was already read)', '未找到卡片（或卡片已读过）'],
  0x81: ['select card failed', '选卡失败'],
  0x41: ['read card failed', '读卡失败'],
  0x10: ['checksum error in the command', '命令校验和错误'],
  0x11: ['length error in the command', '命令长度错误'],
  0x21: ['unknown command', '无法识别的命令'],
  0x23: ['command not allowed now', '越权操作'],
  0x24: ['no permission', '无权限'],
  0x31: ['card authentication failed', '卡认证失败'],
  0x32: ['information authentication failed', '信息验证失败'],
  0x33: ['SAM authentication failed', 'SAM 认证失败'],
  0x40: ['unrecognised card type', '无法识别的卡类型'],
  0x47: ['SAM busy', 'SAM 忙或其他错误'],
  0x60: ['SAM self-check failed', 'SAM 自检失败'],
  0x66: ['SAM not authorised', 'SAM 未经授权'],
};

const hex = (b: number) => b.toString(16).toUpperCase().padStart(2, '0');

/** Every status word the protocol notes list, for tests and the emulator. */
export const KNOWN_SW3 = Object.keys(NAMES).map(Number);

/** `status 80: no card found (…)` */
export function statusName(sw3: number): string {
  return `status ${hex(sw3)}: ${NAMES[sw3]?.[0] ?? 'unknown status'}`;
}

/** `未找到卡片（或卡片已读过）（状态 80）`, for the desk screen. */
export function statusNameZh(sw3: number): string {
  return `${NAMES[sw3]?.[1] ?? '未知状态'}（状态 ${hex(sw3)}）`;
}
