import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { repositoryOf } from './repositoryOf';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [
        { host: 'github.com' },
        { host: 'ghe.acme.test', apiBaseUrl: 'https://ghe.acme.test/api/v3' },
      ],
      gitlab: [
        { host: 'gitlab.com' },
        {
          host: 'gitlab.acme.test',
          apiBaseUrl: 'https://gitlab.acme.test/api/v4',
        },
      ],
      bitbucketCloud: [{ username: 'u', appPassword: 'p' }],
      bitbucketServer: [
        {
          host: 'bitbucket.acme.test',
          apiBaseUrl: 'https://bitbucket.acme.test/rest/api/1.0',
        },
      ],
      azure: [{ host: 'dev.azure.com' }],
    },
  }),
);

const located = (source: string, managedBy?: string) =>
  repositoryOf(
    {
      'backstage.io/source-location': `url:${source}`,
      ...(managedBy
        ? { 'backstage.io/managed-by-location': `url:${managedBy}` }
        : {}),
    },
    integrations,
  );

describe('repositoryOf', () => {
  it.each([
    [
      'GitHub',
      'https://github.com/acme/orders/tree/main/',
      {
        scm: 'github',
        repoUrl: 'github.com?owner=acme&repo=orders',
        gitUrl: 'https://github.com/acme/orders.git',
      },
    ],
    [
      'GitHub Enterprise',
      'https://ghe.acme.test/acme/orders/tree/main/',
      {
        scm: 'github',
        repoUrl: 'ghe.acme.test?owner=acme&repo=orders',
        gitUrl: 'https://ghe.acme.test/acme/orders.git',
      },
    ],
    [
      'GitLab, with subgroups',
      'https://gitlab.acme.test/shop/backend/orders/-/blob/main/',
      {
        scm: 'gitlab',
        repoUrl: 'gitlab.acme.test?owner=shop%2Fbackend&repo=orders',
        gitUrl: 'https://gitlab.acme.test/shop/backend/orders.git',
      },
    ],
    [
      'Bitbucket Cloud',
      'https://bitbucket.org/acme/orders/src/main/',
      {
        scm: 'bitbucketCloud',
        repoUrl: 'bitbucket.org?workspace=acme&repo=orders',
        gitUrl: 'https://bitbucket.org/acme/orders.git',
      },
    ],
    [
      'Bitbucket Server',
      'https://bitbucket.acme.test/projects/SHOP/repos/orders/browse/?at=main',
      {
        scm: 'bitbucketServer',
        repoUrl: 'bitbucket.acme.test?project=SHOP&repo=orders',
        gitUrl: 'https://bitbucket.acme.test/scm/shop/orders.git',
      },
    ],
    [
      'Azure DevOps',
      'https://dev.azure.com/acme/shop/_git/orders?path=%2F&version=GBmain',
      {
        scm: 'azure',
        repoUrl: 'dev.azure.com?organization=acme&project=shop&repo=orders',
        gitUrl: 'https://dev.azure.com/acme/shop/_git/orders',
      },
    ],
  ])(
    'reads %s from backstage.io/source-location',
    (_host, source, expected) => {
      expect(located(source)).toEqual(expected);
    },
  );

  it('finds the catalog-info.yaml in the same repository, with its path', () => {
    expect(
      located(
        'https://gitlab.acme.test/shop/orders/-/blob/main/services/orders/',
        'https://gitlab.acme.test/shop/orders/-/blob/main/services/orders/catalog-info.yaml',
      ),
    ).toMatchObject({
      catalogInfoUrl:
        'https://gitlab.acme.test/shop/orders/-/blob/main/services/orders/catalog-info.yaml',
      catalogInfoPath: 'services/orders/catalog-info.yaml',
    });
  });

  it('resolves the files the evidence names in the catalog-info.yaml`s repository, as the host names them', () => {
    const at = (location: string, files: string[]) =>
      repositoryOf(
        {
          'backstage.io/managed-by-location': `url:${location}`,
          'backstage.io/source-location': `url:${location.replace(/catalog-info\.yaml$/, '')}`,
        },
        integrations,
        files,
      )?.fileUrls;
    expect(
      at('https://github.com/acme/orders/blob/main/catalog-info.yaml', [
        'deploy/k8s/orders.yaml',
        '../escape.yaml',
      ]),
    ).toEqual({
      // GitHub's integration resolves to a tree URL, which its UrlReader reads as a file.
      'deploy/k8s/orders.yaml':
        'https://github.com/acme/orders/tree/main/deploy/k8s/orders.yaml',
    });
    const azure = at(
      'https://dev.azure.com/acme/shop/_git/orders?path=/catalog-info.yaml&version=GBmain',
      ['deploy/orders.yaml'],
    );
    expect(decodeURIComponent(azure!['deploy/orders.yaml'])).toBe(
      'https://dev.azure.com/acme/shop/_git/orders?path=/deploy/orders.yaml&version=GBmain',
    );
    expect(
      at('https://github.com/acme/orders/blob/main/catalog-info.yaml', []),
    ).toBeUndefined();
  });

  it('falls back to github.com/project-slug, then gitlab.com/project-slug', () => {
    expect(
      repositoryOf({ 'github.com/project-slug': 'acme/orders' }, integrations),
    ).toEqual({
      scm: 'github',
      repoUrl: 'github.com?owner=acme&repo=orders',
      gitUrl: 'https://github.com/acme/orders.git',
    });
    expect(
      repositoryOf(
        { 'gitlab.com/project-slug': 'shop/backend/orders' },
        integrations,
      ),
    ).toEqual({
      scm: 'gitlab',
      repoUrl: 'gitlab.com?owner=shop%2Fbackend&repo=orders',
      gitUrl: 'https://gitlab.com/shop/backend/orders.git',
    });
    // A source location the integrations do not know gives way to the slug.
    expect(
      repositoryOf(
        {
          'backstage.io/source-location':
            'url:https://git.unknown.test/acme/orders',
          'github.com/project-slug': 'acme/orders',
        },
        integrations,
      )?.repoUrl,
    ).toBe('github.com?owner=acme&repo=orders');
  });

  it('knows nothing of an entity without any of them, or with a file location', () => {
    expect(repositoryOf({}, integrations)).toBeUndefined();
    expect(
      repositoryOf(
        { 'backstage.io/source-location': 'file:/src/orders/' },
        integrations,
      ),
    ).toBeUndefined();
  });
});
