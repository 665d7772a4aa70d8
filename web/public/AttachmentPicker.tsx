import { useQuery } from '@tanstack/react-query';
import { useId, useState, type ChangeEvent } from 'react';
import { useLanguage, useMessages } from '../shared/i18n/i18n.js';
import { requestLimits, type RequestLimits } from './api.js';
import { publicMessages } from './messages.js';

/** What the file inputs offer: photos (the camera's JPEG, an iPhone's HEIC), PDF and Office documents. */
const acceptedFiles = 'image/*,.heic,.heif,application/pdf,.pdf,.doc,.docx,.xls,.xlsx';
/** Until the server's limits arrive (they are the ones it checks). */
const defaultLimits: RequestLimits = { maxFiles: 5, maxFileBytes: 10 * 1024 * 1024, fileTypes: [] };

/** 850 KB, 2,4 MB (2.4 MB in English). */
export function formatFileSize(bytes: number, language: string): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} MB`;
}

function looksAllowed(file: File, limits: RequestLimits): boolean {
  if (limits.fileTypes.length === 0) return true;
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  const extensions = new Set([...limits.fileTypes.map((type) => type.extension), 'jpeg', 'heif']);
  return extensions.has(extension) || limits.fileTypes.some((type) => type.mimeType === file.type);
}

/**
 * The files of a citizen's request, on a phone first: take a photo with the camera or pick photos and documents, see
 * each with its size and remove it. Count, size and type are checked here as the server will check them, so the
 * citizen learns of a problem before sending.
 */
export function AttachmentPicker({ files, onChange, disabled }: { files: readonly File[]; onChange: (files: File[]) => void; disabled: boolean }) {
  const t = useMessages(publicMessages).files;
  const { language } = useLanguage();
  const id = useId();
  const limits = useQuery({ queryKey: ['public', 'request-limits'], queryFn: ({ signal }) => requestLimits(signal), staleTime: 600_000 }).data ?? defaultLimits;
  const [problems, setProblems] = useState<string[]>([]);
  const size = (bytes: number) => formatFileSize(bytes, language);

  const add = (event: ChangeEvent<HTMLInputElement>) => {
    const picked = Array.from(event.target.files ?? []);
    event.target.value = ''; // the same file can be picked again after removing it
    const found: string[] = [];
    const kept = [...files];
    for (const file of picked) {
      if (!looksAllowed(file, limits)) found.push(t.notAllowed(file.name));
      else if (file.size > limits.maxFileBytes) found.push(t.tooLarge(file.name, size(limits.maxFileBytes)));
      else if (kept.length >= limits.maxFiles) found.push(t.tooMany(limits.maxFiles));
      else kept.push(file);
    }
    setProblems([...new Set(found)]);
    onChange(kept);
  };

  const full = files.length >= limits.maxFiles;
  return (
    <fieldset className="portal-files" aria-describedby={`${id}-hint`}>
      <legend className="field-label">{t.legend}</legend>
      <p id={`${id}-hint`} className="muted portal-hint">
        {t.hint(limits.maxFiles, size(limits.maxFileBytes))}
      </p>
      <div className="portal-file-buttons">
        <label className={`button portal-file-button${full || disabled ? ' portal-file-button--off' : ''}`}>
          <input type="file" className="visually-hidden" accept="image/*" capture="environment" disabled={full || disabled} onChange={add} />
          {t.takePhoto}
        </label>
        <label className={`button portal-file-button${full || disabled ? ' portal-file-button--off' : ''}`}>
          <input type="file" className="visually-hidden" accept={acceptedFiles} multiple disabled={full || disabled} onChange={add} />
          {t.choose}
        </label>
      </div>
      {problems.length > 0 && (
        <ul className="error-note portal-file-problems" role="alert">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      {files.length > 0 && (
        <ul className="portal-file-list" aria-label={t.chosen(files.length)} data-testid="chosen-files">
          {files.map((file, index) => (
            <li key={`${file.name}-${file.size}-${file.lastModified}-${index}`} className="portal-file">
              <span className="portal-file-name">{file.name}</span>
              <span className="muted portal-file-size">{size(file.size)}</span>
              <button
                type="button"
                className="button portal-file-remove"
                aria-label={t.remove(file.name)}
                disabled={disabled}
                onClick={() => {
                  setProblems([]);
                  onChange(files.filter((_, i) => i !== index));
                }}
              >
                {t.removeShort}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
