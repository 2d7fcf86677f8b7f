// What a card read gives (docs/interfaces.md §1.1). Produced by the codec, consumed by core.

export type CardType = 'resident' | 'gat' | 'foreign';

export interface IdCard {
  cardType: CardType;
  name: string;
  gender: '男' | '女' | '未知' | '未说明';
  nation?: string | null;
  birthDate: string;
  address?: string;
  idNumber: string;
  issuer: string;
  validFrom: string;
  validUntil: string;
  idNumberValid: boolean;
  passNumber?: string;
  issueCount?: string;
  chineseName?: string;
  nationality?: string;
  /** Foreign cards: which layout the card used (`I` 2017, `Y` 2023). Not printed by `idcard decode`. */
  permitVersion?: '2017' | '2023';
}
