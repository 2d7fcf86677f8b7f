// `spooler:<name>` on Windows: the ticket's RAW ESC/POS bytes go through the
// print API itself (OpenPrinter / StartDocPrinter "RAW" / WritePrinter), by a
// PowerShell helper that compiles a few lines of C# (Add-Type). No printer share
// (sharing needs admin rights), no `copy /b`.
//
// The spooler accepts a job while the printer is offline and prints it later,
// after the volunteer has reprinted it: a duplicate ticket. So the helper
//   1. refuses to send when the printer reports offline, paper out, an error…
//      (the bits to refuse on are decided here, REFUSE_*, and passed in);
//   2. after sending, watches the job until it has printed or left the queue;
//   3. if it has not within WAIT_MS, deletes the job, so it never comes out
//      later, and the ticket is "not printed".
// The helper's own lines are ASCII (`SQ-…`); what Windows says (error texts) is
// in the console code page (936 on a Chinese Windows), which the helper names
// first (`SQ-CP 936`) so it can be decoded, never shown garbled.
// Tested on Linux with a stand-in `powershell.exe` (test/hardware/printer/spooler.test.ts);
// the C# itself has not run here.
import { execFile } from 'node:child_process';
import iconv from 'iconv-lite';
import type { PrinterState, PrinterStatus } from '../printer.js';
import { spoolFailed, ticketFile } from './spool-file.js';
import type { PrinterLink } from './transports.js';

/** How long a sent job may take to print before it is deleted from the queue. */
export const WAIT_MS = 6_000;
/** PowerShell start-up and the C# compile come on top of WAIT_MS. */
export const HELPER_TIMEOUT_MS = 60_000;

// PRINTER_INFO_2.Status bits (winspool.h).
const PRINTER_STATUS = {
  PAUSED: 0x1,
  ERROR: 0x2,
  PAPER_JAM: 0x8,
  PAPER_OUT: 0x10,
  PAPER_PROBLEM: 0x40,
  OFFLINE: 0x80,
  USER_INTERVENTION: 0x100000,
  NOT_AVAILABLE: 0x1000,
  DOOR_OPEN: 0x400000,
  NO_TONER: 0x40000,
} as const;
/** PRINTER_INFO_2.Attributes: "Use printer offline", also set by Windows when a USB printer is unplugged. */
const PRINTER_ATTRIBUTE_WORK_OFFLINE = 0x400;
// JOB_INFO_1.Status bits.
const JOB_STATUS = {
  PAUSED: 0x1,
  ERROR: 0x2,
  DELETING: 0x4,
  SPOOLING: 0x8,
  PRINTING: 0x10,
  OFFLINE: 0x20,
  PAPEROUT: 0x40,
  PRINTED: 0x80,
  DELETED: 0x100,
  BLOCKED_DEVQ: 0x200,
  USER_INTERVENTION: 0x400,
  COMPLETE: 0x1000,
} as const;

/** Printer states in which a ticket is not sent at all. */
export const REFUSE_STATUS = Object.values(PRINTER_STATUS).reduce((a, b) => a | b, 0);
export const REFUSE_ATTRIBUTES = PRINTER_ATTRIBUTE_WORK_OFFLINE;

/** The printer's state from PRINTER_INFO_2, in the kiosk's words. */
export function describePrinter(status: number, attributes: number): { state: PrinterState; reason: string } {
  const has = (bit: number) => (status & bit) !== 0;
  if (has(PRINTER_STATUS.PAPER_OUT) || has(PRINTER_STATUS.PAPER_PROBLEM)) return { state: 'paper-out', reason: '打印机缺纸 / paper out' };
  if (has(PRINTER_STATUS.DOOR_OPEN)) return { state: 'cover-open', reason: '打印机盖未关好 / cover open' };
  if (has(PRINTER_STATUS.PAPER_JAM)) return { state: 'error', reason: '打印机卡纸 / paper jam' };
  if (has(PRINTER_STATUS.OFFLINE) || has(PRINTER_STATUS.NOT_AVAILABLE) || (attributes & PRINTER_ATTRIBUTE_WORK_OFFLINE) !== 0) {
    return { state: 'offline', reason: '打印机脱机：请检查电源和 USB 线，并在“打印机和扫描仪”中取消“脱机使用打印机” / printer offline' };
  }
  if (has(PRINTER_STATUS.PAUSED)) return { state: 'offline', reason: '打印队列已暂停：请在“打印机和扫描仪”中继续打印 / queue paused' };
  if (has(PRINTER_STATUS.USER_INTERVENTION)) return { state: 'error', reason: '打印机需要人工处理 / needs attention' };
  if (has(PRINTER_STATUS.NO_TONER)) return { state: 'error', reason: '打印机缺碳粉 / no toner' };
  if (has(PRINTER_STATUS.ERROR)) return { state: 'error', reason: '打印机报告错误 / printer error' };
  return { state: 'ok', reason: '' };
}

/** A job's status word, in plain words (what it was doing when it was given up on). */
export function describeJob(status: number): string {
  const has = (bit: number) => (status & bit) !== 0;
  if (has(JOB_STATUS.PAPEROUT)) return '缺纸 / paper out';
  if (has(JOB_STATUS.OFFLINE)) return '打印机脱机 / printer offline';
  if (has(JOB_STATUS.USER_INTERVENTION)) return '需要人工处理 / needs attention';
  if (has(JOB_STATUS.BLOCKED_DEVQ)) return '打印机驱动拒绝 / blocked by the driver';
  if (has(JOB_STATUS.ERROR)) return '出错 / error';
  if (has(JOB_STATUS.PAUSED)) return '已暂停 / paused';
  if (has(JOB_STATUS.PRINTING)) return '正在打印 / printing';
  if (has(JOB_STATUS.SPOOLING)) return '正在后台处理 / spooling';
  return '排队等候 / waiting in the queue';
}

/** The C# the helper compiles: one static Run() writing `SQ-…` lines. */
const CSHARP = String.raw`
using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

public static class SwipequeueRawPrint {
  [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
  public class DocInfo { public string pDocName; public string pOutputFile; public string pDataType; }

  [DllImport("winspool.drv", EntryPoint = "OpenPrinterW", SetLastError = true, CharSet = CharSet.Unicode)]
  static extern bool OpenPrinter(string name, out IntPtr printer, IntPtr defaults);
  [DllImport("winspool.drv", SetLastError = true)]
  static extern bool ClosePrinter(IntPtr printer);
  [DllImport("winspool.drv", EntryPoint = "StartDocPrinterW", SetLastError = true, CharSet = CharSet.Unicode)]
  static extern int StartDocPrinter(IntPtr printer, int level, [In] DocInfo doc);
  [DllImport("winspool.drv", SetLastError = true)]
  static extern bool EndDocPrinter(IntPtr printer);
  [DllImport("winspool.drv", SetLastError = true)]
  static extern bool StartPagePrinter(IntPtr printer);
  [DllImport("winspool.drv", SetLastError = true)]
  static extern bool EndPagePrinter(IntPtr printer);
  [DllImport("winspool.drv", SetLastError = true)]
  static extern bool WritePrinter(IntPtr printer, byte[] bytes, int count, out int written);
  [DllImport("winspool.drv", EntryPoint = "GetPrinterW", SetLastError = true, CharSet = CharSet.Unicode)]
  static extern bool GetPrinter(IntPtr printer, int level, IntPtr buffer, int size, out int needed);
  [DllImport("winspool.drv", EntryPoint = "GetJobW", SetLastError = true, CharSet = CharSet.Unicode)]
  static extern bool GetJob(IntPtr printer, int jobId, int level, IntPtr buffer, int size, out int needed);
  [DllImport("winspool.drv", EntryPoint = "SetJobW", SetLastError = true, CharSet = CharSet.Unicode)]
  static extern bool SetJob(IntPtr printer, int jobId, int level, IntPtr buffer, int command);

  const int ERROR_INVALID_PARAMETER = 87;
  const int JOB_CONTROL_DELETE = 5;
  const uint JOB_DONE = 0x80 | 0x1000;        // PRINTED | COMPLETE
  const uint JOB_GONE = 0x4 | 0x100;          // DELETING | DELETED

  static void Say(string line) { Console.Out.WriteLine(line); Console.Out.Flush(); }
  static string Oneline(string s) { return s.Replace("\r", " ").Replace("\n", " "); }
  static void Fail(string step) {
    int code = Marshal.GetLastWin32Error();
    Say("SQ-ERROR " + step + " " + code + " " + Oneline(new System.ComponentModel.Win32Exception(code).Message));
  }

  // PRINTER_INFO_2: 13 pointers, then Attributes, Priority, DefaultPriority, StartTime, UntilTime, Status.
  static bool PrinterState(IntPtr printer, out uint status, out uint attributes) {
    status = 0; attributes = 0;
    int needed;
    GetPrinter(printer, 2, IntPtr.Zero, 0, out needed);
    if (needed <= 0) return false;
    IntPtr buffer = Marshal.AllocHGlobal(needed);
    try {
      if (!GetPrinter(printer, 2, buffer, needed, out needed)) return false;
      attributes = (uint)Marshal.ReadInt32(buffer, 13 * IntPtr.Size);
      status = (uint)Marshal.ReadInt32(buffer, 13 * IntPtr.Size + 5 * 4);
      return true;
    } finally { Marshal.FreeHGlobal(buffer); }
  }

  // JOB_INFO_1: JobId (padded to a pointer), 6 pointers, then Status. -1: the job has left the queue.
  static long JobStatus(IntPtr printer, int jobId) {
    int needed;
    GetJob(printer, jobId, 1, IntPtr.Zero, 0, out needed);
    if (needed <= 0) return Marshal.GetLastWin32Error() == ERROR_INVALID_PARAMETER ? -1 : -2;
    IntPtr buffer = Marshal.AllocHGlobal(needed);
    try {
      if (!GetJob(printer, jobId, 1, buffer, needed, out needed)) return Marshal.GetLastWin32Error() == ERROR_INVALID_PARAMETER ? -1 : -2;
      return (uint)Marshal.ReadInt32(buffer, 7 * IntPtr.Size);
    } finally { Marshal.FreeHGlobal(buffer); }
  }

  public static int Run(string name, string file, int waitMs, uint refuseStatus, uint refuseAttributes) {
    Say("SQ-CP " + Console.OutputEncoding.CodePage);
    IntPtr printer;
    if (!OpenPrinter(name, out printer, IntPtr.Zero)) { Fail("open"); return 3; }
    try {
      uint status, attributes;
      if (PrinterState(printer, out status, out attributes)) {
        Say("SQ-PRINTER " + status + " " + attributes);
        if ((status & refuseStatus) != 0 || (attributes & refuseAttributes) != 0) { Say("SQ-RESULT refused"); return 4; }
      }
      byte[] bytes = File.ReadAllBytes(file);
      DocInfo doc = new DocInfo();
      doc.pDocName = "swipequeue ticket";
      doc.pDataType = "RAW";
      int jobId = StartDocPrinter(printer, 1, doc);
      if (jobId <= 0) { Fail("start"); return 5; }
      Say("SQ-JOB " + jobId);
      int written = 0;
      bool sent = StartPagePrinter(printer) && WritePrinter(printer, bytes, bytes.Length, out written) && written == bytes.Length;
      if (!sent) Fail("write");
      EndPagePrinter(printer);
      EndDocPrinter(printer);
      if (!sent) { SetJob(printer, jobId, 0, IntPtr.Zero, JOB_CONTROL_DELETE); Say("SQ-RESULT cancelled"); return 6; }

      DateTime deadline = DateTime.UtcNow.AddMilliseconds(waitMs);
      long last = -3;
      for (;;) {
        long job = JobStatus(printer, jobId);
        if (job != last && job >= 0) Say("SQ-JOB-STATUS " + job);
        last = job;
        if (job == -1 || (job >= 0 && (job & JOB_DONE) != 0)) { Say("SQ-RESULT printed"); return 0; }
        if (job >= 0 && (job & JOB_GONE) != 0) { Say("SQ-RESULT deleted"); return 7; }
        if (DateTime.UtcNow > deadline) break;
        Thread.Sleep(200);
      }
      // Not printed in time: delete it, so it cannot come out later as a duplicate.
      SetJob(printer, jobId, 0, IntPtr.Zero, JOB_CONTROL_DELETE);
      if (PrinterState(printer, out status, out attributes)) Say("SQ-PRINTER " + status + " " + attributes);
      Say("SQ-RESULT cancelled");
      return 8;
    } finally { ClosePrinter(printer); }
  }
}
`;

/** The helper, run with -EncodedCommand: the printer name and file arrive as environment variables, never as code. */
export const HELPER_SCRIPT = `$ErrorActionPreference = 'Stop'
try {
  Add-Type -TypeDefinition @'
${CSHARP.trim()}
'@
  $code = [SwipequeueRawPrint]::Run($env:SQ_PRINTER, $env:SQ_TICKET_FILE, [int]$env:SQ_WAIT_MS, [uint32]$env:SQ_REFUSE_STATUS, [uint32]$env:SQ_REFUSE_ATTRIBUTES)
  exit $code
} catch {
  [Console]::Out.WriteLine('SQ-CP ' + [Console]::OutputEncoding.CodePage)
  [Console]::Out.WriteLine('SQ-ERROR helper 0 ' + ($_.Exception.Message -replace '\\s+', ' '))
  exit 2
}
`;

export interface HelperCommand {
  file: string;
  args: string[];
  env: Record<string, string>;
}

/** What is run for one ticket (tests check it on Linux). */
export function helperCommand(printer: string, ticketFile: string): HelperCommand {
  return {
    file: 'powershell.exe',
    // -EncodedCommand: base64 of UTF-16LE, the one form that needs no quoting and no script file
    // (so no execution policy applies to it).
    args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', Buffer.from(HELPER_SCRIPT, 'utf16le').toString('base64')],
    env: {
      SQ_PRINTER: printer,
      SQ_TICKET_FILE: ticketFile,
      SQ_WAIT_MS: String(WAIT_MS),
      SQ_REFUSE_STATUS: String(REFUSE_STATUS >>> 0),
      SQ_REFUSE_ATTRIBUTES: String(REFUSE_ATTRIBUTES),
    },
  };
}

/**
 * Console output as text. The helper's first line names the code page
 * (`SQ-CP 936`); without it (PowerShell failed before) the Chinese Windows
 * default, 936 (GBK), is assumed.
 */
export function decodeConsole(bytes: Uint8Array, codePage?: number): string {
  const cp = codePage ?? Number(/^SQ-CP (\d+)/m.exec(Buffer.from(bytes).toString('latin1'))?.[1] ?? 936);
  const encoding = cp === 65001 ? 'utf8' : iconv.encodingExists(`cp${cp}`) ? `cp${cp}` : 'cp936';
  return iconv.decode(Buffer.from(bytes), encoding).replace(/\r\n/g, '\n');
}

export type HelperOutcome =
  | { printed: true; printer: { status: number; attributes: number } | null }
  | { printed: false; why: 'refused' | 'cancelled' | 'deleted' | 'error' | 'unknown'; detail: string; printer: { status: number; attributes: number } | null };

/** Reads the helper's `SQ-…` lines into what happened. */
export function parseHelperOutput(text: string): HelperOutcome {
  let printer: { status: number; attributes: number } | null = null;
  let jobStatus: number | null = null;
  let error: string | null = null;
  let result: string | null = null;
  for (const line of text.split('\n')) {
    const m = /^SQ-([A-Z-]+) ?(.*)$/.exec(line.trim());
    if (!m) continue;
    const [, kind, rest = ''] = m;
    if (kind === 'PRINTER') {
      const [status, attributes] = rest.split(' ').map(Number);
      if (Number.isFinite(status) && Number.isFinite(attributes)) printer = { status: status!, attributes: attributes! };
    } else if (kind === 'JOB-STATUS') jobStatus = Number(rest);
    else if (kind === 'ERROR') {
      // `open 1801 打印机名无效。`: the step, the Win32 error code, Windows' own words.
      const e = /^(\S+) (\d+) (.*)$/.exec(rest);
      error ??= e ? `${e[3]!.trim()}${e[2] !== '0' ? ` (Windows ${e[2]})` : ''}` : rest;
    }
    else if (kind === 'RESULT') result = rest.trim();
  }
  if (result === 'printed') return { printed: true, printer };
  const printerWords = printer ? describePrinter(printer.status, printer.attributes) : null;
  if (result === 'refused') return { printed: false, why: 'refused', detail: `${printerWords?.reason || '打印机不可用'}，未发送`, printer };
  if (result === 'cancelled') {
    const what = error ?? (printerWords && printerWords.state !== 'ok' ? printerWords.reason : jobStatus !== null ? `打印任务${describeJob(jobStatus)}` : '打印机没有响应');
    return { printed: false, why: 'cancelled', detail: `${what}；已从打印队列删除，不会稍后补打`, printer };
  }
  if (result === 'deleted') return { printed: false, why: 'deleted', detail: '打印任务被删除 / the job was deleted', printer };
  if (error !== null) return { printed: false, why: 'error', detail: error, printer };
  return { printed: false, why: 'unknown', detail: text.trim().split('\n').slice(-3).join(' ') || '打印助手没有输出 / no output', printer };
}

export function windowsSpoolerLink(name: string): PrinterLink {
  const target = `spooler:${name}`;
  let lastStatus: PrinterStatus = { state: 'ok', message: `系统打印机 ${name}（打印时检查状态）`, target };
  const remember = (printer: { status: number; attributes: number } | null) => {
    if (printer === null) return;
    const { state, reason } = describePrinter(printer.status, printer.attributes);
    lastStatus = { state, message: state === 'ok' ? `系统打印机 ${name}` : `${reason}（${name}）`, target };
  };
  return {
    target,
    send: (bytes) =>
      new Promise<void>((resolve, reject) => {
        const ticket = ticketFile(bytes);
        const cmd = helperCommand(name, ticket.file);
        execFile(
          cmd.file,
          cmd.args,
          { timeout: HELPER_TIMEOUT_MS, windowsHide: true, encoding: 'buffer', env: { ...process.env, ...cmd.env }, maxBuffer: 1024 * 1024 },
          (e, out, err) => {
            ticket.remove();
            const fail = (detail: string) => reject(spoolFailed(name, detail, e ?? undefined));
            if (e && (e as NodeJS.ErrnoException).code === 'ENOENT') return fail(`找不到 ${cmd.file} 命令 / ${cmd.file} not found`);
            const cp = /^SQ-CP (\d+)/m.exec(Buffer.from(out).toString('latin1'))?.[1];
            const text = decodeConsole(Buffer.concat([out, Buffer.from('\n'), err]), cp === undefined ? undefined : Number(cp));
            const outcome = parseHelperOutput(text);
            remember(outcome.printer);
            if (outcome.printed) return resolve();
            if (outcome.why === 'unknown' && e?.killed) return fail(`打印助手超时 / helper timed out after ${HELPER_TIMEOUT_MS / 1000} s`);
            fail(outcome.detail);
          },
        );
      }),
    // Asking Windows costs a PowerShell start; the state comes from the last ticket instead.
    status: async () => lastStatus,
  };
}
