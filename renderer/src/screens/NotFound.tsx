import { useTranslation } from 'react-i18next';
import { href } from '../router';
import { useDocumentTitle } from '../lib';
import { PageTitle } from '../components/PageTitle';

export function NotFound({ path }: { path: string }) {
  const { t } = useTranslation();
  useDocumentTitle(t('notFound.title'));
  return (
    <div className="screen not-found" data-ready="true">
      <PageTitle>{t('notFound.title')}</PageTitle>
      <p>{t('notFound.text', { path })}</p>
      <p>
        <a href={href.home()}>{t('common.backHome')}</a>
      </p>
    </div>
  );
}
