// DSFR table markup (its scroll wrappers included). The caption names the table for assistive
// technology even when hidden on screen. When the table is wider than the page, its scrolling
// container becomes focusable (and named after the caption) so keyboard users can scroll it.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

function useOverflows<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const measure = () => setOverflows(element.scrollWidth > element.clientWidth + 1);
    measure();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    observer?.observe(element);
    const table = element.querySelector('table');
    if (table !== null) observer?.observe(table);
    return () => observer?.disconnect();
  }, []);
  return [ref, overflows] as const;
}

export function Table({
  caption,
  hideCaption = false,
  head,
  children,
  className,
  multiline = false,
}: {
  caption: ReactNode;
  hideCaption?: boolean;
  /** Cells wrap their text (DSFR keeps each cell on one line by default). */
  multiline?: boolean;
  /** The header cells (<th scope="col">). */
  head: ReactNode;
  /** The body rows. */
  children: ReactNode;
  className?: string;
}) {
  const captionId = `table-${useId().replace(/:/g, '')}-caption`;
  const [container, overflows] = useOverflows<HTMLDivElement>();
  const classes = ['fr-table', hideCaption ? 'fr-table--no-caption' : '', multiline ? 'fr-table--multiline' : '', className ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={classes}>
      <div className="fr-table__wrapper">
        <div
          ref={container}
          className="fr-table__container"
          {...(overflows ? { tabIndex: 0, role: 'group', 'aria-labelledby': captionId } : {})}
        >
          <div className="fr-table__content">
            <table>
              <caption id={captionId}>{caption}</caption>
              <thead>
                <tr>{head}</tr>
              </thead>
              <tbody>{children}</tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}
