//! The words of the six UN languages (Arabic, Chinese, English, French, Russian, Spanish) that
//! the passes read: the language of a document, masthead words, the issuing bodies' names, the
//! titles of contents tables and their columns, annex words. One table per kind of word, each
//! row one language's forms, so that adding a form is one line and every pass reads the same
//! list.
//!
//! The language itself is read from the job number's language letter where the masthead
//! prints one (`GE.09-17088 (F)`: French), else from the text: its script (Arabic, Cyrillic,
//! Han) and, for Latin text, the `whatlang` detector limited to English, French and Spanish.

/// One of the six official languages of the United Nations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Lang {
    /// Arabic.
    Ar,
    /// Chinese.
    Zh,
    /// English.
    En,
    /// French.
    Fr,
    /// Russian.
    Ru,
    /// Spanish.
    Es,
}

impl Lang {
    /// The ISO 639-1 code, as `Metadata::language` holds it.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::Zh => "zh",
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Ru => "ru",
            Lang::Es => "es",
        }
    }

    /// The language a job number's letter names: `(E)`, `(F)`, `(S)`, `(R)`, `(A)`, `(C)`.
    pub(crate) fn from_job_letter(letter: char) -> Option<Lang> {
        Some(match letter {
            'A' => Lang::Ar,
            'C' => Lang::Zh,
            'E' => Lang::En,
            'F' => Lang::Fr,
            'R' => Lang::Ru,
            'S' => Lang::Es,
            _ => return None,
        })
    }
}

/// The language of a sample of a document's text: by script for Arabic, Russian and Chinese;
/// among English, French and Spanish by `whatlang`'s trigram model. `None` when the sample has
/// too few letters to tell, or is in none of the six.
pub(crate) fn detect(sample: &str) -> Option<Lang> {
    use whatlang::{Detector, Lang as W, Script};
    let letters = sample.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 20 {
        return None;
    }
    match whatlang::detect_script(sample)? {
        Script::Arabic => Some(Lang::Ar),
        Script::Cyrillic => Some(Lang::Ru),
        Script::Mandarin | Script::Hiragana | Script::Katakana => Some(Lang::Zh),
        Script::Latin => {
            let detector = Detector::with_allowlist(vec![W::Eng, W::Fra, W::Spa]);
            Some(match detector.detect_lang(sample)? {
                W::Fra => Lang::Fr,
                W::Spa => Lang::Es,
                _ => Lang::En,
            })
        }
        _ => None,
    }
}

/// True for a Chinese character or a full-width punctuation mark: text that is written without
/// spaces between words, so that a line break inside it is no space.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// The Arabic versions' chapter labels, the ordinals `first` to `tenth` (`أولاً -`), the
/// level of roman numbers; [`crate::parse::patterns`]' `LABEL_ONLY` and `LABEL_TITLE` spell the
/// same words.
pub(crate) const ARABIC_ORDINALS: &[&str] = &[
    "أولاً",
    "ثانياً",
    "ثالثاً",
    "رابعاً",
    "خامساً",
    "سادساً",
    "سابعاً",
    "ثامناً",
    "تاسعاً",
    "عاشراً",
];

/// The Arabic versions' section labels, the names of the letters (`ألف -`, `باء -`), the level
/// of capital letters.
pub(crate) const ARABIC_LETTERS: &[&str] = &[
    "ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء", "ياء",
];

/// `United Nations` as mastheads print it.
pub(crate) const UNITED_NATIONS: &[&str] = &[
    "United Nations",
    "UNITED NATIONS",
    "Nations Unies",
    "NATIONS UNIES",
    "Naciones Unidas",
    "NACIONES UNIDAS",
    "Организация Объединенных Наций",
    "Организация Объединённых Наций",
    "الأمم المتحدة",
    "联合国",
];

/// The principal organ the other names of a row belong under: a subsidiary body printed
/// below it (`General Assembly` / `Human Rights Council`) is the issuer.
pub(crate) const GENERAL_ASSEMBLY: usize = 0;

/// Issuing bodies as mastheads print them, one row per body, its forms in the six languages
/// (English first; the name kept is the form printed).
pub(crate) const BODIES: &[&[&str]] = &[
    &[
        "General Assembly",
        "Assemblée générale",
        "Asamblea General",
        "Генеральная Ассамблея",
        "الجمعية العامة",
        "大会",
    ],
    &[
        "Security Council",
        "Conseil de sécurité",
        "Consejo de Seguridad",
        "Совет Безопасности",
        "مجلس الأمن",
        "安全理事会",
    ],
    &[
        "Economic and Social Council",
        "Conseil économique et social",
        "Consejo Económico y Social",
        "Экономический и Социальный Совет",
        "المجلس الاقتصادي والاجتماعي",
        "经济及社会理事会",
    ],
    &[
        "Human Rights Council",
        "Conseil des droits de l’homme",
        "Conseil des droits de l'homme",
        "Consejo de Derechos Humanos",
        "Совет по правам человека",
        "مجلس حقوق الإنسان",
        "人权理事会",
    ],
    &[
        "Trusteeship Council",
        "Conseil de tutelle",
        "Consejo de Administración Fiduciaria",
    ],
];

/// The row of [`BODIES`] a line names (case-insensitively), if any.
pub(crate) fn body_row(text: &str) -> Option<usize> {
    body_name(text).map(|(row, _)| row)
}

/// The row of [`BODIES`] a line names (case-insensitively) and the name as that row spells
/// it (`HUMAN RIGHTS COUNCIL` → `Human Rights Council`).
pub(crate) fn body_name(text: &str) -> Option<(usize, &'static str)> {
    let lower = text.to_lowercase();
    BODIES.iter().enumerate().find_map(|(row, names)| {
        let name = names.iter().find(|name| name.to_lowercase() == lower)?;
        Some((row, *name))
    })
}

/// The title over a contents table.
pub(crate) const CONTENTS_TITLES: &[&str] = &[
    "Contents",
    "CONTENTS",
    "Table of contents",
    "Table of Contents",
    "TABLE OF CONTENTS",
    "Table des matières",
    "TABLE DES MATIÈRES",
    "Índice",
    "ÍNDICE",
    "Содержание",
    "СОДЕРЖАНИЕ",
    "المحتويات",
    "目录",
    "目 录",
];

/// The headers of a contents table's columns, alone or together on a line.
pub(crate) const CONTENTS_COLUMNS: &[&str] = &[
    "Paragraphs",
    "Page",
    "Paragraphs Page",
    "Paragraph",
    "Chapter",
    "Chapter Page",
    "Paragraphes",
    "Paragraphes Page",
    "Párrafos",
    "Página",
    "Párrafos Página",
    "Пункты",
    "Стр.",
    "Пункты Стр.",
    "Cтр.",
    "الفقرات",
    "الصفحة",
    "الفقرات الصفحة",
    "段次",
    "页次",
    "段次 页次",
];

/// The headers of a page column alone, in the six languages.
pub(crate) const PAGE_COLUMNS: &[&str] = &["Page", "Página", "Стр.", "Cтр.", "الصفحة", "页次"];

/// Words that open an annex heading, in capitals and not, singular and plural.
pub(crate) const ANNEX_WORDS: &[&str] = &[
    "Annex",
    "ANNEX",
    "Annexes",
    "ANNEXES",
    "Appendix",
    "APPENDIX",
    "Enclosure",
    "ENCLOSURE",
    "Annexe",
    "ANNEXE",
    "Appendice",
    "Anexo",
    "ANEXO",
    "Anexos",
    "Apéndice",
    "Приложение",
    "ПРИЛОЖЕНИЕ",
    "المرفق",
    "附件",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_language_from_a_sentence() {
        let cases = [
            (
                "The Council decided to request the Special Rapporteur to report on the situation of human rights defenders.",
                Lang::En,
            ),
            (
                "Le Conseil a décidé de prier le Rapporteur spécial de lui faire rapport sur la situation des défenseurs des droits de l’homme.",
                Lang::Fr,
            ),
            (
                "El Consejo decidió pedir al Relator Especial que le informara sobre la situación de los defensores de los derechos humanos.",
                Lang::Es,
            ),
            (
                "Совет постановил просить Специального докладчика представить доклад о положении правозащитников.",
                Lang::Ru,
            ),
            (
                "قرر المجلس أن يطلب إلى المقرر الخاص أن يقدم تقريرا عن حالة المدافعين عن حقوق الإنسان.",
                Lang::Ar,
            ),
            (
                "理事会决定请特别报告员就人权维护者的状况提出报告。",
                Lang::Zh,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(detect(text), Some(want), "{text}");
        }
    }

    #[test]
    fn label_patterns_spell_the_arabic_labels_of_the_lexicon() {
        use crate::parse::patterns::{LABEL_ONLY, split_label_title};
        for label in ARABIC_ORDINALS.iter().chain(ARABIC_LETTERS) {
            assert!(LABEL_ONLY.is_match(&format!("{label}-")), "{label}");
            let line = format!("{label} - مقدمة");
            assert_eq!(split_label_title(&line), Some((*label, "مقدمة")), "{label}");
        }
    }

    #[test]
    fn too_little_text_tells_nothing() {
        assert_eq!(detect("A/HRC/52/71 12"), None);
    }

    #[test]
    fn job_letters_name_their_languages() {
        for (letter, code) in [
            ('A', "ar"),
            ('C', "zh"),
            ('E', "en"),
            ('F', "fr"),
            ('R', "ru"),
            ('S', "es"),
        ] {
            let lang = Lang::from_job_letter(letter).unwrap();
            assert_eq!(lang.code(), code);
        }
        assert_eq!(Lang::from_job_letter('X'), None);
    }

    #[test]
    fn bodies_are_found_in_any_language_and_case() {
        assert_eq!(body_row("Conseil des droits de l’homme"), Some(3));
        assert_eq!(body_row("ASAMBLEA GENERAL"), Some(GENERAL_ASSEMBLY));
        assert_eq!(body_row("人权理事会"), Some(3));
        assert_eq!(body_row("Human rights"), None);
    }
}
