import { useEffect, useState } from 'react';

/**
 * The page's sections as tabs, the open one kept in the URL's hash so a link (or a reload)
 * lands on it, e.g. options.html#usage.
 */
export function useHashTab<T extends string>(tabs: readonly T[]): [T, (tab: T) => void] {
  const read = () => {
    const hash = location.hash.slice(1) as T;
    return tabs.includes(hash) ? hash : tabs[0]!;
  };
  const [tab, setTab] = useState<T>(read);
  useEffect(() => {
    const follow = () => setTab(read());
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  });
  const open = (next: T) => {
    history.replaceState(null, '', `#${next}`);
    setTab(next);
  };
  return [tab, open];
}

export function TabBar<T extends string>({
  tabs,
  current,
  onChange,
}: {
  tabs: ReadonlyArray<readonly [T, string]>;
  current: T;
  onChange(tab: T): void;
}) {
  return (
    <nav className="tabs" role="tablist">
      {tabs.map(([id, label]) => (
        <button
          key={id}
          type="button"
          role="tab"
          aria-selected={id === current}
          aria-controls={`panel-${id}`}
          data-tab={id}
          onClick={() => onChange(id)}
        >
          {label}
        </button>
      ))}
    </nav>
  );
}
