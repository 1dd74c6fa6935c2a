export type LegalDocumentName = 'privacy' | 'terms' | 'disclaimer';

export interface LegalDocument {
  title: string;
  summary: string;
  sections: { heading: string; paragraphs: string[] }[];
}

/** The legal texts of one language; the version and date are the same in every language. */
export type LegalTexts = Record<LegalDocumentName, LegalDocument>;

export const legalVersion = { version: '1.0', date: '2026-01-15' };
