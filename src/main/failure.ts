// The app's own failure screen, in Chinese: what went wrong in plain words,
// what to do, that nothing recorded is lost, and where the log is. Shown
// instead of Electron's English error box (or a process with no window) when
// the kiosk cannot start or main hits an exception it did not expect. Served
// from memory like the kiosk-exit prompt (src/main/kiosk-exit.ts), no script.

export interface FailurePlaces {
  dataFolder: string;
  logFile: string;
}

export interface Failure {
  title: string;
  /** What to do, one step a line. */
  advice: string[];
  /** The error itself, for whoever reads the log or calls for help. */
  technical: string;
}

const text = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const codeOf = (e: unknown): string => {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
};

/** The failure in the secretary's words; the cause decides the advice. */
export function describeFailure(e: unknown, places: FailurePlaces): Failure {
  const message = text(e);
  const code = codeOf(e);
  const technical = code !== '' && !message.includes(code) ? `${code}: ${message}` : message;
  const reinstall = '请重新安装本程序；从源码运行时请用 npm run app:dev。';
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version|not a valid Win32 application|better_sqlite3\.node|\.node['"]? ?(was not found|could not be found)|specified module could not be found|serialport module could not be loaded/i.test(message)) {
    return { title: '程序组件损坏或版本不符，无法启动', advice: [reinstall, '已记录的签到不会丢失。'], technical };
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || /database is locked/i.test(message)) {
    return { title: '数据库正被另一个程序使用', advice: ['请关闭另一个正在运行的刷证排号或 swipequeue serve，再打开本程序。', '已记录的签到不会丢失。'], technical };
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || /malformed|not a database/i.test(message)) {
    return { title: '数据库文件已损坏，无法打开', advice: [`请不要删除数据文件夹 ${places.dataFolder}，把它复制一份后联系技术人员。`], technical };
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_READONLY' || code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return { title: '无法读写数据文件夹', advice: [`请检查磁盘空间，以及是否有权限写入 ${places.dataFolder}。`, '已记录的签到不会丢失。'], technical };
  }
  if (code === 'bad-reader' || code === 'bad-printer') {
    return {
      title: code === 'bad-reader' ? '读卡器设置无效' : '打印机设置无效',
      advice: ['请检查快捷方式或命令行中的 --reader / --printer 参数，改正后重新打开本程序。'],
      technical,
    };
  }
  return { title: '刷证排号遇到意外错误，需要重新启动', advice: ['请关闭此窗口，重新打开本程序。', '已记录的签到不会丢失。', '如果再次出现，请把日志文件交给技术人员。'], technical };
}

/**
 * An exception nobody caught means main's state is unknown: the failure
 * screen, always. An unhandled rejection (a page closed while it loaded) is
 * logged; only while starting does it stop the app, since then nothing works.
 */
export function respondTo(kind: 'exception' | 'rejection', phase: 'starting' | 'running'): 'screen' | 'log' {
  return kind === 'exception' || phase === 'starting' ? 'screen' : 'log';
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const FAILURE_PATH = '/__shell/failure.html';
export const FAILURE_URL = `app://swipequeue${FAILURE_PATH}`;

const CSS = `body{font:18px system-ui,"Microsoft YaHei",sans-serif;margin:0;padding:32px;background:#fff4f4;color:#222}
h1{font-size:28px;color:#b00020;margin:0 0 16px}
li{margin:6px 0}
.where{margin-top:24px;font-size:15px;color:#444}
code,pre{font:14px ui-monospace,Consolas,monospace;white-space:pre-wrap;word-break:break-all}
pre{background:#fff;border:1px solid #ddd;padding:8px;max-height:30vh;overflow:auto}
`;

/** The page and its stylesheet, for the app:// handler's built-in files. */
export function failureFiles(f: Failure, places: FailurePlaces): Record<string, { type: string; body: string }> {
  const html = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>出错了 · 刷证排号</title>
<link rel="stylesheet" href="/__shell/failure.css">
</head>
<body>
<h1>${escapeHtml(f.title)}</h1>
<ol>
${f.advice.map((a) => `<li>${escapeHtml(a)}</li>`).join('\n')}
</ol>
<p>关闭此窗口即退出本程序。</p>
<div class="where">
<p>日志文件：<code>${escapeHtml(places.logFile)}</code></p>
<p>数据文件夹：<code>${escapeHtml(places.dataFolder)}</code></p>
<p>错误信息：</p>
<pre>${escapeHtml(f.technical)}</pre>
</div>
</body>
</html>
`;
  return {
    [FAILURE_PATH]: { type: 'text/html; charset=utf-8', body: html },
    '/__shell/failure.css': { type: 'text/css; charset=utf-8', body: CSS },
  };
}

/** The same in a plain error box, when no window can be shown (before Electron is ready). */
export function failureBoxText(f: Failure, places: FailurePlaces): string {
  return [f.title, '', ...f.advice, '', `日志文件：${places.logFile}`, `数据文件夹：${places.dataFolder}`, '', f.technical].join('\n');
}
