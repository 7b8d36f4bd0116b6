import { useEffect, useRef, useState } from 'react';
import { ErrorNote } from '../ErrorNote';
import { grantLabel } from '../GrantSelect';
import { uiText } from '../i18n';
import { CostChart } from './CostChart';
import { DataActions } from './DataActions';
import { formatCount, formatTokens, formatUsd } from './format';
import { History } from './History';
import { SiteTable } from './SiteTable';
import { useUsage } from './use-usage';
import type { ScopeUsage } from '@/lib/ledger/queries';
import './usage.css';

function Figures({ usage }: { usage: ScopeUsage }) {
  return (
    <dl className="usage-figures" data-testid="usage-figures">
      <div>
        <dt>{uiText('today')}</dt>
        <dd data-period="today">{formatUsd(usage.today.usd)}</dd>
      </div>
      <div>
        <dt>{uiText('thisMonth')}</dt>
        <dd data-period="month">{formatUsd(usage.month.usd)}</dd>
      </div>
      <div>
        <dt>{uiText('allTime')}</dt>
        <dd data-period="ever">{formatUsd(usage.ever.usd)}</dd>
      </div>
      <div>
        <dt>{uiText('requests')}</dt>
        <dd>{formatCount(usage.ever.requests)}</dd>
      </div>
      <div>
        <dt>{uiText('tokens')}</dt>
        <dd>
          {formatTokens(usage.ever.inputTokens + usage.ever.outputTokens)}
          <small className="block">
            {uiText('usageInOut', formatTokens(usage.ever.inputTokens), formatTokens(usage.ever.outputTokens))}
          </small>
        </dd>
      </div>
    </dl>
  );
}

/** What each site spent, over time and request by request, with export and delete. */
export function UsageView({ keepHistory }: { keepHistory: boolean }) {
  const { data, error, version, reload } = useUsage();
  const [open, setOpen] = useState<string | null>(null);
  const sitesBox = useRef<HTMLDivElement>(null);

  // The time from navigation start until the per-site table is on screen: the page's budget.
  useEffect(() => {
    if (data && sitesBox.current && !sitesBox.current.dataset.renderedMs)
      sitesBox.current.dataset.renderedMs = performance.now().toFixed(1);
  }, [data]);

  if (!data) return <ErrorNote error={error} />;
  const site = open === null ? null : data.sites.find((s) => s.origin === open);
  // Each view has its own key, so a note or an open confirmation never carries over to another.
  if (open !== null) {
    return (
      <section key={open} data-testid="usage-site" data-origin={open}>
        <button type="button" className="link" onClick={() => setOpen(null)} data-testid="usage-back">
          {uiText('usageBack')}
        </button>
        <h2 className="site-origin">{open}</h2>
        {site && <p className="muted">{uiText('usageAccess', grantLabel(site.grant), uiText('tabSites'))}</p>}
        {site && <Figures usage={site} />}
        <CostChart origin={open} version={version} />
        <DataActions origin={open} requests={site?.ever.requests ?? 0} onDeleted={() => void reload()} />
        <History origin={open} keepHistory={keepHistory} version={version} counted={site?.ever.requests ?? 0} />
      </section>
    );
  }
  return (
    <section key="all" data-testid="usage">
      <div className="row usage-head">
        <h2>{uiText('usageAllSites')}</h2>
        {/* The page does not follow new requests live; this reads the ledger again. */}
        <button type="button" onClick={() => void reload()} data-testid="usage-refresh">
          {uiText('refresh')}
        </button>
      </div>
      <Figures usage={data.overall} />
      <CostChart origin={null} version={version} />
      <div ref={sitesBox} data-testid="usage-sites-box">
        <SiteTable rows={data.sites} onOpen={setOpen} />
      </div>
      <p className="muted note">{uiText('usageCostNote')}</p>
      <DataActions origin={null} requests={data.overall.ever.requests} onDeleted={() => void reload()} />
      <ErrorNote error={error} />
    </section>
  );
}
