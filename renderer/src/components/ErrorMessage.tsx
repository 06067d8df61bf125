import { useTranslation } from 'react-i18next';
import type { HubError } from '../../../main/core/result';

/**
 * An API error: a translated sentence chosen by error code, then the core's own message (in
 * English, hence lang="en") so nothing the hub said is hidden from the user.
 */
export function ErrorMessage({ error, title }: { error: HubError; title?: string }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-error" role="alert">
      {title ? <p className="notice-title">{title}</p> : null}
      <p>
        <strong>{t(`errors.${error.code}`, { defaultValue: t('errors.internal') })}</strong>{' '}
        <span lang="en">{error.message}</span>
      </p>
    </div>
  );
}
