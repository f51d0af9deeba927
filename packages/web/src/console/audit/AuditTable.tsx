// Admin: audit entries, newest first: when, who, what (translated), conversation, address, reason.
import type { AuditEntryView, StaffAccount } from '@brigade/protocol';
import { Table } from '../../dsfr/Table.js';
import { useLanguage, useT } from '../../i18n/i18n.js';
import { formatDateTime } from '../../shared/format.js';
import { auditActionLabel } from './audit-action.js';

export function AuditTable({ entries, staff }: { entries: readonly AuditEntryView[]; staff: ReadonlyMap<string, StaffAccount> }) {
  const t = useT();
  const { lang } = useLanguage();
  const person = (id: string | null) => {
    if (id === null) return t('audit.nobody');
    const account = staff.get(id);
    return account === undefined ? id : `${account.rank} ${account.firstName} (${account.username})`;
  };
  return (
    <Table
      multiline
      caption={t('audit.results', { count: entries.length })}
      hideCaption
      head={
        <>
          <th scope="col">{t('audit.column.at')}</th>
          <th scope="col">{t('audit.column.actor')}</th>
          <th scope="col">{t('audit.column.action')}</th>
          <th scope="col">{t('audit.column.conversation')}</th>
          <th scope="col">{t('audit.column.address')}</th>
          <th scope="col">{t('audit.column.reason')}</th>
        </>
      }
    >
      {entries.map((entry) => (
        <tr key={entry.seq}>
          <td>
            <time dateTime={entry.at}>{formatDateTime(lang, entry.at)}</time>
          </td>
          <td>{person(entry.actorId)}</td>
          <td>
            {auditActionLabel(t, entry.action)}
            {entry.targetStaffId !== null && entry.targetStaffId !== entry.actorId && (
              <>
                <br />
                <span className="fr-text--xs">{t('audit.target', { name: person(entry.targetStaffId) })}</span>
              </>
            )}
          </td>
          <td>{entry.conversationId === null ? '—' : <code className="brigade-id">{entry.conversationId}</code>}</td>
          <td>{entry.address ?? '—'}</td>
          <td>{entry.reason ?? '—'}</td>
        </tr>
      ))}
    </Table>
  );
}
