// The DSFR header (markup only: no DSFR JavaScript, no mobile menu modal), with a tools slot
// that stays visible on phones, where the DSFR hides its own tool links.
import type { ReactNode } from 'react';
import { useT } from '../i18n/i18n.js';

export function SiteHeader({ serviceName, tagline, tools }: { serviceName: string; tagline: string; tools: ReactNode }) {
  const t = useT();
  return (
    <header role="banner" className="fr-header brigade-header">
      <div className="fr-header__body">
        <div className="fr-container">
          <div className="fr-header__body-row brigade-header__row">
            <div className="fr-header__brand">
              <div className="fr-header__brand-top">
                <div className="fr-header__logo">
                  {/* The official mark reads "République française" in every language. */}
                  <p className="fr-logo" lang="fr">
                    {t('app.republic')}
                  </p>
                </div>
              </div>
              <div className="fr-header__service">
                <p className="fr-header__service-title">{serviceName}</p>
                <p className="fr-header__service-tagline">{tagline}</p>
              </div>
            </div>
            <div className="brigade-header__tools">{tools}</div>
          </div>
        </div>
      </div>
    </header>
  );
}
