// Fake resident cards for the `demo` reader and the demo day: invented people
// with well-formed ID numbers (valid GB 11643 check digits), never real ones.
import type { IdCard } from './card.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const withCheck = (first17: string) => first17 + ('10X98765432'[[...first17].reduce((s, d, i) => s + Number(d) * (WEIGHTS[i] ?? 0), 0) % 11] ?? '');

export interface DemoStudent {
  studentId: string;
  name: string;
  college: string;
  idNumber: string;
  gender: '男' | '女';
  birthDate: string;
}

const person = (studentId: string, name: string, college: string, first17: string, gender: '男' | '女'): DemoStudent => {
  const idNumber = withCheck(first17);
  return { studentId, name, college, idNumber, gender, birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}` };
};

const HAND_PICKED: DemoStudent[] = [
  ['2019330101', '张伟', '理学院', '33010619990131001', '男'],
  ['2019330102', '王芳', '理学院', '33010620000215002', '女'],
  ['2019330103', '李娜', '信息学院', '33010219990320004', '女'],
  ['2019330104', '刘洋', '信息学院', '33010519981103003', '男'],
  ['2019330105', '陈静', '理学院', '44052419990607008', '女'],
  ['2019330106', '欧阳明辉', '信息学院', '11010519991231005', '男'],
  ['2019330107', '赵丽颖', '理学院', '21021119990909006', '女'],
  ['2019330108', '阿依古丽·买买提', '信息学院', '65010220000101004', '女'],
].map(([studentId, name, college, first17, gender]) => person(studentId ?? '', name ?? '', college ?? '', first17 ?? '', gender as '男' | '女'));

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const GIVEN = {
  男: ['浩然', '梓轩', '宇航', '思远', '俊杰', '博文', '天佑', '明轩', '志强', '子墨', '一鸣'],
  女: ['欣怡', '雨桐', '佳琪', '诗涵', '雅静', '晓萌', '嘉怡', '若曦', '婉清', '子涵', '一诺'],
};
const REGIONS = ['330102', '330106', '330203', '320102', '310104', '440305', '510107', '420106', '370102', '610113'];

/** More invented graduates, generated the same way every time, so a demo day has a roster worth queueing. */
const GENERATED: DemoStudent[] = Array.from({ length: 112 }, (_, i) => {
  const gender = i % 2 === 0 ? '男' : '女';
  const surname = SURNAMES[i % SURNAMES.length] ?? '王';
  const given = GIVEN[gender][Math.floor(i / 2) % GIVEN[gender].length] ?? '明';
  const birth = `${1997 + (i % 5)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + ((i * 3) % 28)).padStart(2, '0')}`;
  // The 17th digit is odd for men and even for women (GB 11643).
  const serial = `${String(100 + (i % 900)).slice(0, 2)}${gender === '男' ? 1 + 2 * (i % 5) : 2 * (i % 5)}`;
  return person(String(2019330109 + i), `${surname}${given}`, i % 2 === 0 ? '理学院' : '信息学院', `${REGIONS[i % REGIONS.length] ?? '330102'}${birth}${serial}`, gender);
});

/** The demo roster: eight hand-picked names (long, compound, Uyghur) first, then the generated ones. */
export const DEMO_STUDENTS: DemoStudent[] = [...HAND_PICKED, ...GENERATED];

export function demoCard(s: DemoStudent): IdCard {
  return {
    cardType: 'resident',
    name: s.name,
    gender: s.gender,
    nation: '汉',
    birthDate: s.birthDate,
    address: '浙江省杭州市演示路1号',
    idNumber: s.idNumber,
    issuer: '杭州市公安局演示分局',
    validFrom: '2021-01-01',
    validUntil: '2041-01-01',
    idNumberValid: true,
  };
}

/**
 * The demo students as a roster CSV (docs/interfaces.md §1.4 columns), so a demo
 * event can be set up with `roster import` and every demo swipe finds its student.
 */
export function demoRosterCsv(students: DemoStudent[] = DEMO_STUDENTS): string {
  return ['学号,姓名,学院,身份证号', ...students.map((s) => `${s.studentId},${s.name},${s.college},${s.idNumber}`)].join('\n') + '\n';
}
