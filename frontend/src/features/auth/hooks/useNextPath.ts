import { useSearchParams } from 'react-router-dom';

/** Where to go after signing in: the `next` page if it is one of ours, else home. */
export function useNextPath(): string {
  const [params] = useSearchParams();
  const next = params.get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
