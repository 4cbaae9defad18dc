import { registriesInText, registryOf } from './registry';

describe('registryOf', () => {
  it.each([
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/petstore:1.4.2',
      'Amazon ECR',
    ],
    [
      '${AWS_ACCOUNT_ID}.dkr.ecr.${AWS_REGION}.amazonaws.com/petstore',
      'Amazon ECR',
    ],
    ['contoso.azurecr.io/petstore@sha256:abc', 'Azure Container Registry'],
    ['contoso.azurecr.io', 'Azure Container Registry'],
    ['eu.gcr.io/acme-prod/petstore', 'Google Container Registry'],
    [
      'europe-west1-docker.pkg.dev/acme-prod/services/petstore',
      'Google Artifact Registry',
    ],
  ])('finds %s in %s', (reference, registry) => {
    expect(registryOf(reference)).toBe(registry);
  });

  it.each([
    'postgres:16-alpine',
    'public.ecr.aws/nginx/nginx:1.27',
    'mcr.microsoft.com/dotnet/aspnet:8.0',
    'gcr.io/distroless/static-debian12',
    'k8s.gcr.io/pause:3.9',
    'us-docker.pkg.dev/cloudrun/container/hello',
    'see https://contoso.azurecr.io for the images',
    'ghcr.io/acme/petstore:1',
  ])('finds no registry of the team in %s', reference => {
    expect(registryOf(reference)).toBeUndefined();
  });
});

describe('registriesInText', () => {
  it('finds quoted image references', () => {
    const hcl =
      'image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:3"\nlogin_server = "contoso.azurecr.io"\n';
    expect(registriesInText(hcl)).toEqual([
      'Amazon ECR',
      'Azure Container Registry',
    ]);
    expect(registriesInText('bucket = "acme.s3.amazonaws.com"\n')).toEqual([]);
  });
});
