// Writing a message: DSFR textarea, 4000-character limit with a counter, Enter sends,
// Shift+Enter adds a line. Works offline too: messages wait in the outbox.
import { MESSAGE_TEXT_MAX } from '@brigade/protocol';
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useT } from '../i18n/i18n.js';
import { TypingSignal } from './typing-signal.js';

export interface ComposerProps {
  onSend(text: string): boolean;
  onTyping(typing: boolean): void;
  disabled?: boolean;
  label?: string;
  textareaId?: string;
  /** Draft to start from, and where to keep it (operators switch between conversations). */
  initialText?: string;
  onTextChange?(text: string): void;
}

export function Composer({ onSend, onTyping, disabled = false, label, textareaId, initialText = '', onTextChange }: ComposerProps) {
  const t = useT();
  const generatedId = useId();
  const id = textareaId ?? `composer-${generatedId}`;
  const [text, setTextState] = useState(initialText);
  const setText = (next: string) => {
    setTextState(next);
    onTextChange?.(next);
  };
  // One signal (and its timers) for the component's life, always calling the latest onTyping.
  const onTypingRef = useRef(onTyping);
  useEffect(() => {
    onTypingRef.current = onTyping;
  });
  const [signal] = useState(() => new TypingSignal((typing) => onTypingRef.current(typing)));
  useEffect(() => () => signal.stop(), [signal]);

  const submit = () => {
    if (disabled || text.trim() === '') return;
    if (onSend(text)) {
      setText('');
      signal.stop();
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form
      className="brigade-composer"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        submit();
      }}
    >
      <div className="fr-input-group fr-mb-1w">
        <label className="fr-label" htmlFor={id}>
          {label ?? t('composer.label')}
          <span className="fr-hint-text">{t('composer.hint')}</span>
        </label>
        <textarea
          id={id}
          className="fr-input brigade-composer__input"
          rows={3}
          maxLength={MESSAGE_TEXT_MAX}
          value={text}
          disabled={disabled}
          aria-describedby={`${id}-counter`}
          onChange={(event) => {
            setText(event.target.value);
            signal.input(event.target.value);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => signal.stop()}
        />
        <p id={`${id}-counter`} className="fr-hint-text fr-mt-1v brigade-composer__counter">
          {t('composer.counter', { count: text.length, max: MESSAGE_TEXT_MAX })}
        </p>
      </div>
      <button type="submit" className="fr-btn" disabled={disabled}>
        {t('composer.send')}
      </button>
    </form>
  );
}
