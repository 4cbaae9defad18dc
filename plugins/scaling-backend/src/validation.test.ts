import { InputError } from '@backstage/errors';
import { parseOverviewQuery } from './validation';

describe('parseOverviewQuery', () => {
  it('normalizes owner and system refs: kind and namespace lower-cased, the name as given', () => {
    expect(
      parseOverviewQuery({
        owner: ' Group:Default/Payments ',
        system: 'system:shop/checkout',
      }),
    ).toEqual({
      owner: 'group:default/Payments',
      system: 'system:shop/checkout',
    });
  });

  it.each([
    'platform',
    'group:payments',
    'default/payments',
    'group:default/',
    'group:default/a b',
    'a:b/c/d',
  ])('rejects %j as owner with a 400 naming the field', owner => {
    expect(() => parseOverviewQuery({ owner })).toThrow(InputError);
    expect(() => parseOverviewQuery({ owner })).toThrow(
      "Invalid query: owner: expected a full entity ref such as 'group:default/payments'",
    );
    expect(() => parseOverviewQuery({ system: owner })).toThrow(
      "Invalid query: system: expected a full entity ref such as 'group:default/payments'",
    );
  });

  it('takes a failing practice by its id, and names the parameter and the value of another', () => {
    expect(
      parseOverviewQuery({
        failingPractice: 'disruption-budget',
        sort: '-practicesScore',
      }),
    ).toEqual({
      failingPractice: 'disruption-budget',
      sort: '-practicesScore',
    });
    expect(() => parseOverviewQuery({ failingPractice: 'pdb' })).toThrow(
      /^Invalid query: failingPractice: expected a practice id \(pod-security, .*\), got "pdb"$/,
    );
  });
});
