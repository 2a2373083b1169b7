//! The one regular expression that finds where citations may be, and its parts. Matches only
//! say where to look: the citation grammar reads what a match cites.

use crate::pattern::Pat;

/// A paragraph number: `58`, `140.7` (never a year: at most three digits).
macro_rules! num {
    () => {
        r"\d{1,3}\b(?:\.\d{1,3}\b)?(?:\s?\([a-z]{1,4}(?:,\s*[a-z]{1,4})*\)(?:(?:,\s*|\s+and\s+)\([a-z]{1,4}\))*)?"
    };
}

/// Paragraph numbers as citations list them: `58–61`, `9, 11 and 12`, `14 to 16`, `4 and 7 (c)`.
macro_rules! list {
    () => {
        concat!(
            num!(),
            r"(?:\s*(?:[-–—‐‑]|\bto\b|\bà\b|\bau\b|\ba\b)\s*",
            num!(),
            r")?(?:(?:\s*,\s*(?:(?:and|et|y)\s+)?|\s+(?:and|et|y|и)\s+)(?:[Pp]aragraphs?\s+|[Pp]aras?\.\s*)?",
            num!(),
            r"(?:\s*(?:[-–—‐‑]|\bto\b|\bà\b|\bau\b|\ba\b)\s*",
            num!(),
            r")?)*"
        )
    };
}

/// The word for paragraphs in English, French, Spanish and Russian, then the numbers.
macro_rules! paras {
    () => {
        concat!(
            r"(?:\b[Pp]aras?\.|\b[Pp]aragraph(?:e)?s?\b|\b[Pp]ar\.|\b[Pp]árrs?\.|\b[Pp]árrafos?\b|\bпп?\.|\bпункт[а-я]*)\s*",
            list!()
        )
    };
}

/// A part numbered apart, as citations name it: `annex`, `annex II`, `appendix B`.
macro_rules! scope {
    () => {
        r"(?:[Aa]nnexe?|[Aa]ppendix|[Ee]nclosure|[Aa]nexo|[Pp]art)(?:\s+(?:[IVXL]+|[A-Z]|\d{1,2})\b)?"
    };
}

/// A section or chapter by its roman label: `chapter III`, `section IV.B`.
macro_rules! section {
    () => {
        r"(?:\b[Ss]ections?|\b[Cc]hapters?|\b[Ss]ect\.|\b[Cc]hap\.|\b[Cc]hapitre|\b[Cc]apítulo|\b[Ss]ección)\s*[IVXL]+\b(?:\.[A-Z]\b(?:\.\d{1,2}\b)?)?"
    };
}

/// What may follow a document, after a comma: its parts, a section, paragraphs.
macro_rules! tail {
    () => {
        concat!(
            r"(?:,\s*",
            scope!(),
            r")*(?:,\s*",
            section!(),
            r")?(?:,?\s*",
            paras!(),
            r")?"
        )
    };
}

/// Every citation form, leftmost first; at one position the first alternative that matches:
/// a document symbol with what follows it (`sym`, `stail`); paragraphs of a resolution
/// (`rpre`) or a resolution (`rbody`, `res`, `rtail`); `ibid.` (`ibid`, `itail`); paragraphs
/// of the citing document `above` or `below` or `of this resolution` (`ipar`, `idir`; without
/// `idir`, only after `see`); a section of it (`isec`).
pub(super) static CITATION: Pat = Pat::new(
    concat!(
        r"(?P<sym>\b[A-Z]{1,6}(?:\.\d{1,2}|-[A-Z0-9]{1,4})*(?:/[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*){2,}(?:\s\((?:\d{4}|Part\s+[IVX]+(?:/Add\.\d{1,2})?|Sect\.\s*[0-9A-Z]{1,4})\))?)(?P<stail>",
        tail!(),
        r")",
        r"|(?:(?P<rpre>",
        paras!(),
        r"|",
        section!(),
        r"(?:,\s*",
        paras!(),
        r",?)?)\s+of\s+(?P<rannex>the\s+annex\s+to\s+)?(?:(?:its|the|that|this)\s+)?)?(?P<rbody>(?:General\s+Assembly|Assembly|Human\s+Rights\s+Council|Security\s+Council|Economic\s+and\s+Social\s+Council|Council|Commission\s+on\s+Human\s+Rights|Commission)\s+)?\b[Rr]esolutions?\s+(?P<res>\d{1,4}/\d{1,4}\b|\d{3,4}\s?\(\d{4}\))(?:\s[A-C]\b)?(?P<rtail>",
        tail!(),
        r"|\s?\(",
        section!(),
        r"(?:,\s*",
        paras!(),
        r")?\))",
        r"|(?P<ibid>\b[Ii]bid\b\.?)(?P<itail>",
        tail!(),
        r")",
        r"|(?P<ipar>",
        paras!(),
        r")(?P<idir>\s+(?:above|below|ci-dessus|ci-dessous|supra|infra|más\s+arriba|más\s+adelante|выше|ниже)\b|\s+of\s+(?:this|the\s+present)\s+(?:resolution|report|decision|document)\b)?",
        r"|(?P<isec>",
        section!(),
        r")(?:\s+(?:above|below)\b)?"
    ),
    |_| true,
);

/// Sub-item markers after a paragraph number (`6 (e)`, `59 (b), (c) and (f)`, `33 (a, b)`),
/// which the grammar does not read.
pub(super) static SUB_ITEM: Pat = Pat::new(
    r"(?:,\s*|\s+and\s+|\s)?\([a-z]{1,4}(?:,\s*[a-z]{1,4})*\)",
    |t| t.contains('('),
);

/// The next resolution of a list after `resolutions 64/13` (`, 65/5`, ` and 78/129`), past a
/// date and a footnote call: `73/296 of 28 May 2019, 23 76/254`.
pub(super) static NEXT_RESOLUTION: Pat = Pat::new(
    r"^(?:\s+of\s+\d{1,2}\s+\p{Lu}\p{Ll}+\s+\d{4})?(?:\s[A-C]\b)?(?:,?\s+\d{1,3}\b)?(?:\s*,\s*(?:and\s+)?|\s+(?:and\s+)?)(?P<res>\d{1,4}/\d{1,4}\b|\d{3,4}\s?\(\d{4}\))",
    |t| t.contains('/') || t.contains('('),
);
