// Supervisors who are also administrators: the operators a conversation can be assigned to.
// (`GET /api/staff` is for administrators only; a supervisor alone gets no list: see README.)
import { staffListResponseSchema, type StaffAccount } from '@brigade/protocol';
import { useEffect, useState } from 'react';
import { api } from '../shared/api.js';

export function useOperators(enabled: boolean): readonly StaffAccount[] | null {
  const [operators, setOperators] = useState<readonly StaffAccount[] | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    api('GET', '/api/staff', { schema: staffListResponseSchema }).then(
      (answer) => live && setOperators(answer.staff.filter((s) => !s.disabled && s.roles.includes('operator'))),
      () => live && setOperators(null),
    );
    return () => {
      live = false;
    };
  }, [enabled]);
  return enabled ? operators : null;
}
