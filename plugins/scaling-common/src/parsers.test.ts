import {
  parseActiveUsers,
  parseBoolean,
  parseBudgetUsd,
  parseConstraints,
  parseDeploymentStrategy,
  parseHealthEndpoint,
  parseObservability,
  parsePlatform,
  parsePort,
  parsePractices,
  parsePresence,
  parseRegions,
  parseServiceCount,
  parseServiceMesh,
  parseUptimeSla,
} from './parsers';

const value = (r: { ok: boolean; value?: unknown }) =>
  r.ok ? r.value : undefined;
const message = (r: { ok: boolean; message?: string }) =>
  r.ok ? undefined : r.message;

// Every bad text below, run through every parser: none may throw or pass silently
// where the text is meaningless for that parser.
const BAD_TEXTS = ['lots', '-5', '1e3', '99.9.9', '100.5', 'maybe', '', '   '];

describe('parseActiveUsers', () => {
  it.each([
    ['0', 0],
    ['999', 999],
    ['12000', 12000],
    ['12,000', 12000],
    [' 1,000,000 ', 1000000],
  ])('reads %j as %d', (text, expected) => {
    expect(value(parseActiveUsers(text))).toBe(expected);
  });

  it.each([
    ['lots', "expected a whole number of users, got 'lots'"],
    ['-5', "expected a whole number of users of at least 0, got '-5'"],
    ['1e3', "expected a whole number of users, got '1e3'"],
    ['99.9', "expected a whole number of users, got '99.9'"],
    ['1,00', "expected a whole number of users, got '1,00'"],
    ['$1,500', "expected a whole number of users, got '$1,500'"],
    ['', 'expected a whole number of users, got an empty value'],
    ['   ', 'expected a whole number of users, got an empty value'],
    [
      '99999999999999999999',
      "expected a whole number of users, got '99999999999999999999'",
    ],
  ])('rejects %j', (text, expected) => {
    expect(message(parseActiveUsers(text))).toBe(expected);
  });
});

describe('parseRegions and parseServiceCount', () => {
  it('need at least one', () => {
    expect(value(parseRegions('2'))).toBe(2);
    expect(message(parseRegions('0'))).toBe(
      "expected a whole number of regions of at least 1, got '0'",
    );
    expect(value(parseServiceCount('5'))).toBe(5);
    expect(message(parseServiceCount('lots'))).toMatch(
      /whole number of services/,
    );
  });
});

describe('parsePort', () => {
  it('accepts 1 to 65535', () => {
    expect(value(parsePort('8080'))).toBe(8080);
    expect(message(parsePort('0'))).toMatch(/at least 1/);
    expect(message(parsePort('70000'))).toBe(
      "expected a port from 1 to 65535, got '70000'",
    );
  });
});

describe('parseUptimeSla', () => {
  it.each([
    ['99', 99],
    ['99.9', 99.9],
    ['99.9%', 99.9],
    [' 99.95 % ', 99.95],
    ['100', 100],
    ['95', 95],
    ['0.5', 0.5],
  ])('reads %j as %d', (text, expected) => {
    expect(value(parseUptimeSla(text))).toBe(expected);
  });

  it.each([
    'lots',
    '-5',
    '1e3',
    '99.9.9',
    '100.5',
    '0',
    '0%',
    '%',
    'maybe',
    '',
    '   ',
  ])('rejects %j naming the expectation and the value', text => {
    const m = message(parseUptimeSla(text));
    expect(m).toMatch(/^expected an uptime percentage above 0 and at most 100/);
    expect(m).toContain(text.trim() === '' ? 'an empty value' : `'${text}'`);
  });
});

describe('parseBudgetUsd', () => {
  it.each([
    ['1500', 1500],
    ['1,500', 1500],
    ['$1500', 1500],
    ['$1,500', 1500],
    ['$ 1,500.50', 1500.5],
    ['0', 0],
  ])('reads %j as %d', (text, expected) => {
    expect(value(parseBudgetUsd(text))).toBe(expected);
  });

  it.each(['lots', '-5', '1e3', '99.9.9', '$-1', '1,50', 'maybe', '', '   '])(
    'rejects %j',
    text => {
      expect(message(parseBudgetUsd(text))).toMatch(
        /^expected a monthly budget in US dollars/,
      );
    },
  );
});

describe('parseBoolean', () => {
  it.each([
    ['true', true],
    ['YES', true],
    ['Yes', true],
    [' no ', false],
    ['FALSE', false],
  ])('reads %j as %s', (text, expected) => {
    expect(value(parseBoolean(text))).toBe(expected);
  });

  it.each(['maybe', 'lots', '1', '', '   '])('rejects %j', text => {
    expect(message(parseBoolean(text))).toMatch(
      /^expected true, false, yes or no, got/,
    );
  });
});

describe('enumerations', () => {
  it('reads platforms in any case and names the allowed ones', () => {
    expect(value(parsePlatform('EKS'))).toBe('eks');
    expect(value(parsePlatform('docker-compose'))).toBe('docker-compose');
    expect(message(parsePlatform('heroku'))).toBe(
      "expected a platform: one of vps, docker-compose, docker-swarm, ecs-fargate, azure-container-instances, cloud-run, eks, aks, gke, kubernetes, got 'heroku'",
    );
  });

  it('reads deployment strategies', () => {
    expect(value(parseDeploymentStrategy('Canary'))).toBe('canary');
    expect(message(parseDeploymentStrategy('yolo'))).toMatch(
      /one of rolling, blue-green, canary, got 'yolo'/,
    );
  });

  it('reads a service mesh as a boolean or its name', () => {
    expect(value(parseServiceMesh('istio'))).toBe(true);
    expect(value(parseServiceMesh('Linkerd'))).toBe(true);
    expect(value(parseServiceMesh('no'))).toBe(false);
    expect(message(parseServiceMesh('consul'))).toMatch(
      /istio or linkerd, got 'consul'/,
    );
  });
});

describe('lists', () => {
  it('keep known words and note unknown ones', () => {
    const result = parsePractices('iac, canary, kubernetes-operators');
    expect(result).toEqual({
      ok: true,
      value: ['iac', 'canary'],
      notes: [expect.stringContaining("ignored 'kubernetes-operators'")],
    });
  });

  it('reject lists without any known word', () => {
    expect(message(parseConstraints('lots'))).toMatch(/air-gapped, government/);
    expect(message(parseObservability(' , '))).toMatch(/got an empty value/);
  });

  it('deduplicate', () => {
    expect(value(parseConstraints('air-gapped,AIR-GAPPED'))).toEqual([
      'air-gapped',
    ]);
  });
});

describe('evidence parsers', () => {
  it('treat any description as present and false/no as absent', () => {
    expect(value(parsePresence('ecr'))).toBe(true);
    expect(value(parsePresence('No'))).toBe(false);
    expect(message(parsePresence(' '))).toMatch(/empty value/);
  });

  it('read health endpoints as paths or URLs', () => {
    expect(value(parseHealthEndpoint('/healthz'))).toBe('/healthz');
    expect(value(parseHealthEndpoint('https://api.example.com/health'))).toBe(
      'https://api.example.com/health',
    );
    expect(message(parseHealthEndpoint('health'))).toMatch(/got 'health'/);
  });
});

describe('every parser', () => {
  const parsers = {
    parseActiveUsers,
    parseRegions,
    parseServiceCount,
    parsePort,
    parseUptimeSla,
    parseBudgetUsd,
    parseBoolean,
    parsePlatform,
    parseDeploymentStrategy,
    parseServiceMesh,
    parseConstraints,
    parsePractices,
    parseObservability,
    parseHealthEndpoint,
  };

  it.each(Object.entries(parsers))(
    '%s rejects meaningless text with a message, never throwing',
    (_name, parse) => {
      const messages = BAD_TEXTS.map(text =>
        (parse as (t: string) => { ok: boolean; message?: string })(text),
      )
        .filter(result => !result.ok)
        .map(result => result.message);
      for (const m of messages) {
        expect(m).toMatch(/^(expected|ignored)/);
      }
      expect(() =>
        (parse as (t: string) => unknown)('\u0000\uffff'),
      ).not.toThrow();
    },
  );

  it('each of the bad texts is rejected by the numeric parsers', () => {
    for (const text of ['lots', '-5', '1e3', '99.9.9', 'maybe', '', '   ']) {
      expect(parseActiveUsers(text).ok).toBe(false);
      expect(parseUptimeSla(text).ok).toBe(false);
      expect(parseBudgetUsd(text).ok).toBe(false);
      expect(parseBoolean(text).ok).toBe(false);
    }
    expect(parseUptimeSla('100.5').ok).toBe(false);
    expect(parseActiveUsers('100.5').ok).toBe(false);
    expect(parseBoolean('YES').ok).toBe(true);
    expect(parseBudgetUsd('$1,500').ok).toBe(true);
  });
});
