import { describe, expect, it } from 'vitest';
import { datasetFromCsv, isMissing } from './csv.js';

const text = ['age,colour,income,label', '30,red,100,yes', '40,blue,?,no', '50,red,300,no', ',green,400,no', '60,green,500,no', '70,blue,600,yes', '80,red,700,no'].join('\n');

describe('datasetFromCsv', () => {
  it('drops rows with missing values and reports their CSV line numbers', () => {
    const csv = datasetFromCsv(text, { target: 'label', oneHot: true });
    expect(csv.droppedLines).toEqual([3, 5]);
    expect(csv.dataset.labels.length).toBe(5);
  });

  it('maps the minority target value to 1', () => {
    const csv = datasetFromCsv(text, { target: 'label', oneHot: true });
    expect(csv.classes).toEqual({ positive: 'yes', negative: 'no' });
    expect([...csv.dataset.labels]).toEqual([1, 0, 0, 1, 0]);
    expect(csv.dataset.positiveShare).toBeCloseTo(2 / 5, 12);
  });

  it('one-hot encodes a non-numeric column with --one-hot, levels sorted', () => {
    const csv = datasetFromCsv(text, { target: 'label', oneHot: true });
    expect(csv.oneHotColumns).toEqual(['colour']);
    expect(csv.dataset.featureNames).toEqual(['age', 'colour=blue', 'colour=green', 'colour=red', 'income']);
    // Kept rows: 30 red 100 · 50 red 300 · 60 green 500 · 70 blue 600 · 80 red 700.
    expect([...(csv.dataset.features[2] as Float64Array)]).toEqual([60, 0, 1, 0, 500]);
    expect([...(csv.dataset.features[3] as Float64Array)]).toEqual([70, 1, 0, 0, 600]);
  });

  it('rejects a non-numeric column without --one-hot, naming it and the flag', () => {
    expect(() => datasetFromCsv(text, { target: 'label' })).toThrow(/column "colour" is not numeric.*--one-hot/);
  });

  it('rejects an unknown target column, a one-valued target, and a target that does not fit --task', () => {
    expect(() => datasetFromCsv(text, { target: 'nope' })).toThrow(/target column "nope" is not in the CSV header/);
    expect(() => datasetFromCsv('a,b\n1,x\n2,x\n', { target: 'b' })).toThrow(/exactly 2 distinct values for a binary benchmark, found 1/);
    expect(() => datasetFromCsv('a,b\n1,x\n2,y\n3,z\n', { target: 'b', task: 'binary' })).toThrow(/exactly 2 distinct values for a binary benchmark, found 3/);
    expect(() => datasetFromCsv('a,b\n1,x\n2,y\n', { target: 'b', task: 'multiclass' })).toThrow(/at least 3 distinct values for a multi-class benchmark, found 2/);
  });

  it('detects a 3-class target: classes are the sorted values, labels 0..2', () => {
    const csv = datasetFromCsv('x,kind\n1,pear\n2,apple\n3,fig\n4,apple\n5,pear\n6,apple\n', { target: 'kind' });
    expect(csv.task).toBe('multiclass');
    expect(csv.classes).toBeUndefined();
    expect(csv.classNames).toEqual(['apple', 'fig', 'pear']);
    expect(csv.dataset.classes).toBe(3);
    expect([...csv.dataset.labels]).toEqual([2, 0, 1, 0, 2, 0]);
    // Numeric class values sort numerically: 10 after 9.
    expect(datasetFromCsv('x,y\n1,10\n2,9\n3,1\n', { target: 'y' }).classNames).toEqual(['1', '9', '10']);
  });

  it('keeps binary targets binary: classNames = [negative, positive]', () => {
    const csv = datasetFromCsv(text, { target: 'label', oneHot: true });
    expect(csv.task).toBe('binary');
    expect(csv.classNames).toEqual(['no', 'yes']);
    expect(csv.dataset.classes).toBe(2);
  });

  it('rejects a row with the wrong number of fields', () => {
    expect(() => datasetFromCsv('a,b\n1,0\n2\n', { target: 'b' })).toThrow(/line 3 has 1 fields but the header has 2/);
  });

  it('recognises the usual missing markers', () => {
    for (const cell of ['', ' ', '?', 'NA', 'nan', 'NULL', 'None']) expect(isMissing(cell)).toBe(true);
    for (const cell of ['0', 'n', 'red']) expect(isMissing(cell)).toBe(false);
  });
});
