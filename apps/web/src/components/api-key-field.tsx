import { useId, useState } from 'react';

/**
 * The API key the studio sends as `Authorization: Bearer …`. Kept in this browser's localStorage:
 * deployments may require keys, a standalone server on this machine does not.
 */
export function ApiKeyField(props: {
  value: string;
  onChange: (value: string) => void;
  needed: boolean;
}) {
  const id = useId();
  const [shown, setShown] = useState(false);
  return (
    <div className="api-key">
      <label htmlFor={`${id}-key`}>API key</label>
      <input
        id={`${id}-key`}
        type={shown ? 'text' : 'password'}
        autoComplete="off"
        spellCheck={false}
        value={props.value}
        placeholder="not needed locally"
        aria-describedby={`${id}-hint`}
        aria-invalid={props.needed ? true : undefined}
        onChange={(event) => props.onChange(event.target.value.trim())}
      />
      <button type="button" aria-pressed={shown} onClick={() => setShown((s) => !s)}>
        {shown ? 'Hide' : 'Show'}
      </button>
      <span id={`${id}-hint`} className={props.needed ? 'error-text small' : 'hint small'}>
        {props.needed ? 'This server needs a key.' : props.value ? 'Saved in this browser.' : ''}
      </span>
    </div>
  );
}
