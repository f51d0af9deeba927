// Admin: the audit search criteria (person, conversation, period, how many).
import type { StaffAccount } from '@brigade/protocol';
import { useState, type FormEvent } from 'react';
import { SelectField } from '../../dsfr/SelectField.js';
import { TextField } from '../../dsfr/TextField.js';
import { useT } from '../../i18n/i18n.js';
import { AUDIT_LIMITS, auditQuery, emptyAuditFilters, type AuditFilterField, type AuditFilters } from './audit-query.js';

export function AuditFiltersForm({ staff, onSearch }: { staff: readonly StaffAccount[]; onSearch(query: string): void }) {
  const t = useT();
  const [filters, setFilters] = useState<AuditFilters>(emptyAuditFilters);
  const [errors, setErrors] = useState<readonly AuditFilterField[]>([]);
  const set = <K extends keyof AuditFilters>(key: K, value: AuditFilters[K]) => setFilters((f) => ({ ...f, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = auditQuery(filters);
    if ('errors' in result) {
      setErrors(result.errors);
      return;
    }
    setErrors([]);
    onSearch(result.query);
  };

  const reset = () => {
    setFilters(emptyAuditFilters);
    setErrors([]);
    const result = auditQuery(emptyAuditFilters);
    if ('query' in result) onSearch(result.query);
  };

  const people = [...staff]
    .sort((a, b) => a.username.localeCompare(b.username))
    .map((s) => ({ value: s.id, label: `${s.rank} ${s.firstName} (${s.username})` }));

  return (
    <form noValidate onSubmit={submit} className="brigade-audit-filters fr-mb-4w" aria-labelledby="audit-filters-title">
      <h2 id="audit-filters-title" className="fr-h5">
        {t('audit.filters')}
      </h2>
      <div className="brigade-filter-grid">
        <SelectField
          label={t('audit.person')}
          placeholder={t('audit.person.all')}
          placeholderSelectable
          options={people}
          value={filters.actorId}
          onChange={(value) => set('actorId', value)}
        />
        <TextField
          label={t('audit.conversation')}
          hint={t('audit.conversation.hint')}
          error={errors.includes('conversationId') ? t('audit.conversation.error') : null}
          input={{
            name: 'conversationId',
            value: filters.conversationId,
            onChange: (e) => set('conversationId', e.target.value),
            autoComplete: 'off',
            spellCheck: false,
            maxLength: 40,
          }}
        />
        <TextField
          label={t('audit.from')}
          error={errors.includes('from') ? t('audit.date.error') : null}
          input={{ name: 'from', type: 'datetime-local', value: filters.from, onChange: (e) => set('from', e.target.value) }}
        />
        <TextField
          label={t('audit.to')}
          error={errors.includes('to') ? t('audit.date.error') : errors.includes('period') ? t('audit.period.error') : null}
          input={{ name: 'to', type: 'datetime-local', value: filters.to, onChange: (e) => set('to', e.target.value) }}
        />
        <SelectField
          label={t('audit.limit')}
          options={AUDIT_LIMITS.map((n) => ({ value: String(n), label: String(n) }))}
          value={String(filters.limit)}
          onChange={(value) => set('limit', Number(value) || emptyAuditFilters.limit)}
        />
      </div>
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <button type="submit" className="fr-btn">
            {t('audit.search')}
          </button>
        </li>
        <li>
          <button type="button" className="fr-btn fr-btn--secondary" onClick={reset}>
            {t('audit.reset')}
          </button>
        </li>
      </ul>
    </form>
  );
}
