/**
 * Title, meta description and Open Graph tags of a page; React hoists them into <head> and removes
 * them when the page unmounts.
 */
export function PageMeta({ title, description, image }: { title: string; description?: string; image?: string | null }) {
  const fullTitle = `${title} · Dorixona`;
  return (
    <>
      <title>{fullTitle}</title>
      {description && <meta name="description" content={description} />}
      <meta property="og:title" content={fullTitle} />
      {description && <meta property="og:description" content={description} />}
      <meta property="og:type" content="website" />
      <meta property="og:site_name" content="Dorixona" />
      {image && <meta property="og:image" content={image} />}
    </>
  );
}
