import { useState } from 'react';

interface Props {
  origin: string;
  title?: string;
  favIconUrl?: string | null;
}

/**
 * Who is asking, shown so it cannot be faked: the origin as the browser reported it, with an
 * internationalised host in its punycode form (URL parsing gives that), the title as plain text.
 */
export function SiteIdentity({ origin, title, favIconUrl }: Props) {
  const [iconFailed, setIconFailed] = useState(false);
  const url = new URL(origin);
  return (
    <div className="site-identity">
      {favIconUrl && !iconFailed ? (
        <img
          src={favIconUrl}
          alt=""
          width={32}
          height={32}
          onError={() => setIconFailed(true)}
          referrerPolicy="no-referrer"
        />
      ) : (
        <span className="site-initial" aria-hidden="true">
          {url.hostname.charAt(0).toUpperCase()}
        </span>
      )}
      <div>
        <div className="site-origin" data-testid="site-origin">
          <span className="muted">{url.protocol}//</span>
          <strong>{url.host}</strong>
        </div>
        {title && <div className="site-title">{title}</div>}
      </div>
    </div>
  );
}
