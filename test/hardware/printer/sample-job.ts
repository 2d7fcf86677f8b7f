// A plain ticket for transport and queue tests, where only the number matters.
import type { TicketPrintJob } from '../../../src/hardware/printer.js';

export const sampleJob = (ticket = '0001A', over: Partial<TicketPrintJob> = {}): TicketPrintJob => ({
  eventName: '2021届研究生毕业图像采集',
  ticket,
  station: 'A',
  room: '7-115',
  college: '理学院',
  name: '张小三',
  checkedInAt: new Date(2020, 11, 21, 9, 0),
  ahead: 0,
  paperWidth: 58,
  ...over,
});
