// What the transfer form describes, as the protocol's target, or what is missing or wrong.
import { transferNoteSchema, type Topic, type TransferTarget } from '@brigade/protocol';

export const NOTE_MAX = 1000;

export interface TransferErrors {
  operator?: boolean;
  topic?: boolean;
  service?: boolean;
  note?: 'missing' | 'tooLong';
}

export interface TransferFields {
  operatorId: string;
  topic: Topic | '';
  serviceId: string;
  note: string;
}

/**
 * A colleague needs a selectable operator and a note (what to know to take over); another topic
 * or service needs the choice, the note being optional there. A blank note is not sent.
 */
export function transferTarget(
  kind: TransferTarget['kind'],
  fields: TransferFields,
  selectable: (operatorId: string) => boolean,
): { target: TransferTarget } | { errors: TransferErrors } {
  const note = fields.note.trim();
  const errors: TransferErrors = {};
  if (note.length > NOTE_MAX) errors.note = 'tooLong';
  if (kind === 'operator') {
    if (!selectable(fields.operatorId)) errors.operator = true;
    if (errors.note === undefined && !transferNoteSchema.safeParse(note).success) errors.note = 'missing';
  }
  if (kind === 'topic' && fields.topic === '') errors.topic = true;
  if (kind === 'service' && fields.serviceId === '') errors.service = true;
  if (Object.keys(errors).length > 0) return { errors };
  const optionalNote = note === '' ? {} : { note };
  if (kind === 'operator') return { target: { kind, operatorId: fields.operatorId, note } };
  if (kind === 'topic' && fields.topic !== '') return { target: { kind, topic: fields.topic, ...optionalNote } };
  return { target: { kind: 'service', serviceId: fields.serviceId, ...optionalNote } };
}
