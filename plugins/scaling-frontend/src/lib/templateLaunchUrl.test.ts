import { templateLaunchUrl } from './templateLaunchUrl';

const template = {
  entityRef: 'template:default/scaling-kubernetes',
  formData: {
    name: 'checkout',
    owner: 'group:default/payments',
    repoUrl: 'github.com?owner=acme&repo=checkout',
    hpa: { cpu: 70, memory: 80 },
    note: 'a & b = "c"',
  },
};

function formDataOf(url: string) {
  const query = url.slice(url.indexOf('?') + 1);
  return JSON.parse(new URLSearchParams(query).get('formData')!);
}

describe('templateLaunchUrl', () => {
  it("uses the scaffolder's default path when the route is not bound", () => {
    const url = templateLaunchUrl(template);
    expect(
      url.startsWith('/create/templates/default/scaling-kubernetes?formData='),
    ).toBe(true);
    expect(formDataOf(url)).toEqual(template.formData);
  });

  it('uses the bound route with the namespace and template name of the ref', () => {
    const routeFunc = jest.fn(
      (p: { namespace: string; templateName: string }) =>
        `/scaffold/${p.namespace}/${p.templateName}`,
    );
    const url = templateLaunchUrl(
      { ...template, entityRef: 'template:platform/eks-migration' },
      routeFunc,
    );
    expect(routeFunc).toHaveBeenCalledWith({
      namespace: 'platform',
      templateName: 'eks-migration',
    });
    expect(url.split('?')[0]).toBe('/scaffold/platform/eks-migration');
    expect(formDataOf(url)).toEqual(template.formData);
  });

  it('URL-encodes the JSON so that no character of it breaks the query', () => {
    const url = templateLaunchUrl(template);
    const encoded = url.split('?formData=')[1];
    expect(encoded).toBe(encodeURIComponent(JSON.stringify(template.formData)));
    expect(encoded).not.toMatch(/[&="{} ]/);
  });
});
