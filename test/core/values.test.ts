import { interpretCell, interpretYesNo, probableNumber } from '../../src/core/values';

describe('interpretCell keeps blank, 0 and x apart', () => {
  test.each([
    [undefined, { kind: 'blank' }],
    [{ value: null }, { kind: 'blank' }],
    [{ value: '' }, { kind: 'blank' }],
    [{ value: '   ' }, { kind: 'blank' }],
    [{ value: 0 }, { kind: 'number', value: 0 }],
    [{ value: 12 }, { kind: 'number', value: 12 }],
    [{ value: 'x' }, { kind: 'na' }],
    [{ value: ' X ' }, { kind: 'na' }],
    [{ value: '12 ' }, { kind: 'text', text: '12 ' }],
    [{ value: '1.234' }, { kind: 'text', text: '1.234' }],
    [
      { value: '#DIV/0!', type: 'error' as const },
      { kind: 'error', error: '#DIV/0!' },
    ],
    [{ value: '#REF!' }, { kind: 'error', error: '#REF!' }],
    [{ value: true }, { kind: 'bool', value: true }],
    [
      { value: 45000, type: 'date' as const },
      { kind: 'date', serial: 45000 },
    ],
  ])('%j → %j', (cell, expected) => {
    expect(interpretCell(cell)).toEqual(expected);
  });
});

describe('probableNumber: what a person meant by a number typed as text', () => {
  test.each([
    ['1.234', 1234],
    ['1.234.567', 1234567],
    ['12 ', 12],
    [' 12', 12],
    ['1 234', 1234],
    ['1,5', 1.5],
    ['1.234,5', 1234.5],
    ['1,234', 1.234], // Vietnamese first: the comma is the decimal mark
    ['0.5', 0.5],
    ['１２', 12],
    ['-3', -3],
    ['45%', 45],
    ['12\u00a0', 12],
  ])('%p → %p', (text, expected) => {
    expect(probableNumber(text)).toBe(expected);
  });

  test.each(['abc', 'mười hai', '1.23.4', '', '12a', '1,2,3,4'])('%p is not a number', (text) => {
    expect(probableNumber(text)).toBeUndefined();
  });
});

describe('yes / no', () => {
  test.each([
    [{ kind: 'text', text: 'Có' }, true],
    [{ kind: 'text', text: 'có' }, true],
    [{ kind: 'text', text: 'Co' }, true],
    [{ kind: 'text', text: 'Không' }, false],
    [{ kind: 'text', text: 'khong' }, false],
    [{ kind: 'number', value: 1 }, true],
    [{ kind: 'number', value: 0 }, false],
    [{ kind: 'number', value: 2 }, undefined],
    [{ kind: 'text', text: 'có lẽ' }, undefined],
  ] as const)('%j → %p', (value, expected) => {
    expect(interpretYesNo(value)).toBe(expected);
  });
});
