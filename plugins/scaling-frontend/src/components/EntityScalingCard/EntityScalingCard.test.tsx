import React from 'react';
import { screen } from '@testing-library/react';
import {
  UNDER_PROVISIONED_ANNOTATIONS,
  assessmentFor,
  entityWith,
  mockScalingApi,
} from '../../__testUtils__/fixtures';
import {
  formDataOf,
  renderScaling,
  responseError,
  exposed,
} from '../../__testUtils__/render';
import { EntityScalingCard } from './EntityScalingCard';

const entity = entityWith(UNDER_PROVISIONED_ANNOTATIONS);

describe('EntityScalingCard', () => {
  it('shows current and recommended tier, status, readiness and the launch button', async () => {
    const assessment = assessmentFor(UNDER_PROVISIONED_ANNOTATIONS);
    const api = mockScalingApi({
      getAssessment: jest.fn(async () => assessment),
    });
    await renderScaling(<EntityScalingCard />, { api, entity });

    expect(
      await screen.findByRole('group', {
        name: 'Current tier Managed Cloud, recommended tier Kubernetes',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('Under-provisioned')).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: `Readiness for Kubernetes: ${assessment.readiness.score}%`,
      }),
    ).toBeInTheDocument();
    expect(screen.getByText(/1 blocker/)).toBeInTheDocument();
    const launch = screen.getByRole('link', {
      name: 'Launch migration: Migrate to Kubernetes',
    });
    expect(formDataOf(launch.getAttribute('href')!)).toEqual(
      assessment.templates[0].formData,
    );
    for (const element of exposed([
      ...screen.getAllByRole('link'),
      ...screen.getAllByRole('img'),
    ])) {
      expect(element).toHaveAccessibleName();
    }
  });

  it('links to the template page the app binds', async () => {
    const assessment = assessmentFor(UNDER_PROVISIONED_ANNOTATIONS);
    const api = mockScalingApi({
      getAssessment: jest.fn(async () => assessment),
    });
    await renderScaling(<EntityScalingCard />, {
      api,
      entity,
      templatePath: '/self-service/templates/:namespace/:templateName',
    });
    const launch = await screen.findByRole('link', {
      name: /Launch migration/,
    });
    const href = launch.getAttribute('href')!;
    expect(href.split('?')[0]).toBe(
      '/self-service/templates/default/scaling-kubernetes',
    );
    expect(formDataOf(href)).toEqual(assessment.templates[0].formData);
  });

  it('shows no launch button and no gauge when there is nothing to move to', async () => {
    const annotations = {
      'scaling.io/platform': 'eks',
      'scaling.io/active-users': '300',
    };
    const api = mockScalingApi({
      getAssessment: jest.fn(async () => assessmentFor(annotations)),
    });
    await renderScaling(<EntityScalingCard />, {
      api,
      entity: entityWith(annotations),
    });
    expect(await screen.findByText('Over-provisioned')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /Launch migration/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('img', { name: /Readiness/ }),
    ).not.toBeInTheDocument();
  });

  it('says what to add when there is not enough data', async () => {
    const annotations = { 'scaling.io/platform': 'vps' };
    const api = mockScalingApi({
      getAssessment: jest.fn(async () => assessmentFor(annotations)),
    });
    await renderScaling(<EntityScalingCard />, {
      api,
      entity: entityWith(annotations),
    });
    expect(await screen.findByText('Insufficient data')).toBeInTheDocument();
    expect(
      screen.getByText(/Not enough data to compare tiers/),
    ).toBeInTheDocument();
    expect(screen.getByText(/scaling\.io\/active-users/)).toBeInTheDocument();
  });

  it('assesses a Component without annotations', async () => {
    const api = mockScalingApi();
    await renderScaling(<EntityScalingCard />, { api, entity: entityWith({}) });
    await screen.findByText('Under-provisioned');
    expect(api.getAssessment).toHaveBeenCalled();
  });

  it('explains the annotations to another kind that has none', async () => {
    const api = mockScalingApi();
    await renderScaling(<EntityScalingCard />, {
      api,
      entity: entityWith({}, { kind: 'API', name: 'orders-api' }),
    });
    expect(
      screen.getByText(/Scaling Advisor is not configured for this entity/),
    ).toBeInTheDocument();
    expect(screen.getByText(/scaling\.io\/platform/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /copy/i })).toBeInTheDocument();
    expect(api.getAssessment).not.toHaveBeenCalled();
  });

  it('shows progress, then the error from the backend', async () => {
    let reject: (e: Error) => void = () => {};
    const api = mockScalingApi({
      getAssessment: jest.fn(() => new Promise<never>((_, r) => (reject = r))),
    });
    await renderScaling(<EntityScalingCard />, { api, entity });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    reject(
      await responseError(
        503,
        'ServiceUnavailableError',
        'The catalog is not reachable',
      ),
    );
    expect(
      await screen.findByText('The catalog is not reachable'),
    ).toBeInTheDocument();
  });
});
