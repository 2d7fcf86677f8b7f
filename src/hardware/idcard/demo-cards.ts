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

export const DEMO_STUDENTS: DemoStudent[] = [
  ['2019330101', '张伟', '理学院', '33010619990131001', '男'],
  ['2019330102', '王芳', '理学院', '33010620000215002', '女'],
  ['2019330103', '李娜', '信息学院', '33010219990320004', '女'],
  ['2019330104', '刘洋', '信息学院', '33010519981103003', '男'],
  ['2019330105', '陈静', '理学院', '44052419990607008', '女'],
  ['2019330106', '欧阳明辉', '信息学院', '11010519991231005', '男'],
  ['2019330107', '赵丽颖', '理学院', '21021119990909006', '女'],
  ['2019330108', '阿依古丽·买买提', '信息学院', '65010220000101004', '女'],
].map(([studentId, name, college, first17, gender]) => {
  const idNumber = withCheck(first17 ?? '');
  return {
    studentId: studentId ?? '',
    name: name ?? '',
    college: college ?? '',
    idNumber,
    gender: gender as '男' | '女',
    birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
  };
});

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
    validFrom: '2016-01-01',
    validUntil: '2026-01-01',
    idNumberValid: true,
  };
}

/**
 * The demo students as a roster CSV (INTERFACES.md §1.4 columns), so a demo
 * event can be set up with `roster import` and every demo swipe finds its student.
 */
export function demoRosterCsv(students: DemoStudent[] = DEMO_STUDENTS): string {
  return ['学号,姓名,学院,身份证号', ...students.map((s) => `${s.studentId},${s.name},${s.college},${s.idNumber}`)].join('\n') + '\n';
}
