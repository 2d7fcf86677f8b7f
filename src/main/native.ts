// Where the desktop app finds better-sqlite3 built for Electron's ABI
// (scripts/electron-native.mjs builds it; node_modules keeps the Node build).
import { join } from 'node:path';

/** electron-builder's `${os}` for a Node platform name (the folder names in build/electron-native). */
export const osOf = (platform: NodeJS.Platform): string => ({ win32: 'win', darwin: 'mac', linux: 'linux' })[platform as string] ?? platform;

export interface NativePlaces {
  isPackaged: boolean;
  /** process.resourcesPath: the packaged app's resources folder. */
  resourcesPath: string;
  /** app.getAppPath(): the repository root when run from source. */
  appPath: string;
  platform: NodeJS.Platform;
  arch: string;
}

/** Packaged: resources/native/better_sqlite3.node (electron-builder.yml extraResources); from source: build/electron-native/<os>-<arch>/. */
export function sqliteBindingPath(p: NativePlaces): string {
  return p.isPackaged
    ? join(p.resourcesPath, 'native', 'better_sqlite3.node')
    : join(p.appPath, 'build', 'electron-native', `${osOf(p.platform)}-${p.arch}`, 'better_sqlite3.node');
}
