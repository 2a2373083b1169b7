//! Issue 21: one small report in each of the six UN languages, from text as pdftotext prints
//! it (masthead, agenda item, contents table with paragraph and page columns, labelled
//! headings, numbered paragraphs, sub-items, a footnote call and its footnote, the job number
//! with its language letter). Each fixture is written after the layout of that language's
//! version of a Human Rights Council report. `UPDATE_EXPECT=1 cargo test --test all
//! languages::` rewrites the expectations.

use std::fmt::Write as _;

use expect_test::{Expect, expect};
use paragraphd::extract::text;
use paragraphd::model::Document;
use paragraphd::parse::analyze;

/// Parses `input` and compares what a reader of that language version checks.
fn check(input: &str, expect: Expect) {
    let extracted = text::extract(input.as_bytes(), 1 << 20).expect("text extracts");
    expect.assert_eq(&render(&analyze(&extracted)));
}

fn render(doc: &Document) -> String {
    let m = &doc.meta;
    let mut out = String::new();
    let agenda: Vec<_> = m
        .agenda_items
        .iter()
        .map(|a| (&a.number, &a.title))
        .collect();
    let _ = writeln!(
        out,
        "language={:?} symbol={:?} job={:?} body={:?}\ndate={:?} distribution={:?} original={:?} session={:?}\nagenda={agenda:?}\ntitle={:?}",
        m.language,
        m.symbol,
        m.job_number,
        m.body,
        m.date,
        m.distribution,
        m.original_language,
        m.session,
        m.title
    );
    for c in &doc.contents {
        let range = (c.first_paragraph.as_deref(), c.last_paragraph.as_deref());
        let _ = writeln!(
            out,
            "contents [{}] {} {range:?} page={:?}",
            c.label, c.title, c.page
        );
    }
    for s in &doc.sections {
        let _ = writeln!(out, "section L{} [{}] {}", s.level, s.label, s.title);
    }
    for p in &doc.paragraphs {
        let section = p.section.map_or("", |s| doc.sections[s].label.as_str());
        let items: Vec<&str> = p.items.iter().map(|i| i.marker.as_str()).collect();
        let calls: Vec<&str> = p.footnote_refs.iter().map(|f| f.mark.as_str()).collect();
        let _ = writeln!(
            out,
            "para {:?} in [{section}] items={items:?} calls={calls:?}: {}",
            p.number, p.text
        );
    }
    for f in &doc.footnotes {
        let _ = writeln!(out, "footnote {} p{}: {}", f.mark, f.page, f.text);
    }
    for d in &doc.diagnostics {
        let _ = writeln!(out, "diagnostic {}: {}", d.code, d.message);
    }
    out
}

#[test]
fn french() {
    check(
        "Nations Unies\n\nA/HRC/52/71\n\nAssemblée générale\n\nDistr. générale\n\
         12 janvier 2023\nFrançais\nOriginal : anglais\n\n\
         Conseil des droits de l’homme\nCinquante-deuxième session\n27 février-4 avril 2023\n\
         Points 2 et 3 de l’ordre du jour\n\
         Rapport annuel du Haut-Commissaire des Nations Unies aux droits de l’homme\n\n\
         Le droit au développement\nRapport du Secrétaire général\n\n\
         GE.23-00467 (F)\n\x0c\
         A/HRC/52/71\n\nTable des matières\nPage\n\n\
         I.\nIntroduction ...................................................................................\n3\n\n\
         II.\nActivités ........................................................................................\n3\n\n\
         A.\nCoopération internationale ........................................................\n3\n\n\
         2\nGE.23-00467\n\x0c\
         A/HRC/52/71\n\n\
         I.\nIntroduction\n\n\
         1.\nLe présent rapport est soumis en application de la résolution 48/7 du Conseil des\n\
         droits de l’homme1, adoptée en 2021. Il porte sur l’année 2022.\n\n\
         II.\nActivités\n\n\
         A.\nCoopération internationale\n\n\
         2.\nLe Haut-Commissariat a :\n\
         a)\nOrganisé une consultation régionale ;\n\
         b)\nPublié un guide pratique.\n\n\
         1 Résolution 48/7 du Conseil des droits de l’homme.\n\n\
         GE.23-00467\n3\n",
        expect![[r#"
            language="fr" symbol="A/HRC/52/71" job="GE.23-00467" body="Conseil des droits de l’homme"
            date="12 janvier 2023" distribution="générale" original="anglais" session="Cinquante-deuxième session"
            agenda=[("2", "Rapport annuel du Haut-Commissaire des Nations Unies aux droits de l’homme"), ("3", "")]
            title="Le droit au développement Rapport du Secrétaire général"
            contents [I] Introduction (None, None) page=Some("3")
            contents [II] Activités (None, None) page=Some("3")
            contents [A] Coopération internationale (None, None) page=Some("3")
            section L1 [I] Introduction
            section L1 [II] Activités
            section L2 [A] Coopération internationale
            para Some("1") in [I] items=[] calls=["1"]: Le présent rapport est soumis en application de la résolution 48/7 du Conseil des droits de l’homme, adoptée en 2021. Il porte sur l’année 2022.
            para Some("2") in [A] items=["a)", "b)"] calls=[]: Le Haut-Commissariat a : a) Organisé une consultation régionale ; b) Publié un guide pratique.
            footnote 1 p3: Résolution 48/7 du Conseil des droits de l’homme.
        "#]],
    );
}

#[test]
fn spanish() {
    check(
        "Naciones Unidas\n\nA/HRC/52/71\n\nAsamblea General\n\nDistr. general\n\
         12 de enero de 2023\nEspañol\nOriginal: inglés\n\n\
         Consejo de Derechos Humanos\n52º período de sesiones\n27 de febrero a 4 de abril de 2023\n\
         Temas 2 y 3 de la agenda\n\
         Informe anual del Alto Comisionado de las Naciones Unidas para los Derechos Humanos\n\n\
         El derecho al desarrollo\nInforme del Secretario General\n\n\
         GE.23-00467 (S)\n\x0c\
         A/HRC/52/71\n\nÍndice\nPágina\n\n\
         I.\nIntroducción ...................................................................................\n3\n\n\
         II.\nActividades .....................................................................................\n3\n\n\
         A.\nCooperación internacional ........................................................\n3\n\n\
         2\nGE.23-00467\n\x0c\
         A/HRC/52/71\n\n\
         I.\nIntroducción\n\n\
         1.\nEl presente informe se presenta en cumplimiento de la resolución 48/7 del Consejo\n\
         de Derechos Humanos1, aprobada en 2021. Abarca el año 2022.\n\n\
         II.\nActividades\n\n\
         A.\nCooperación internacional\n\n\
         2.\nEl ACNUDH:\n\
         a)\nOrganizó una consulta regional;\n\
         b)\nPublicó una guía práctica.\n\n\
         1 Resolución 48/7 del Consejo de Derechos Humanos.\n\n\
         GE.23-00467\n3\n",
        expect![[r#"
            language="es" symbol="A/HRC/52/71" job="GE.23-00467" body="Consejo de Derechos Humanos"
            date="12 de enero de 2023" distribution="general" original="inglés" session="52º período de sesiones"
            agenda=[("2", "Informe anual del Alto Comisionado de las Naciones Unidas para los Derechos Humanos"), ("3", "")]
            title="El derecho al desarrollo Informe del Secretario General"
            contents [I] Introducción (None, None) page=Some("3")
            contents [II] Actividades (None, None) page=Some("3")
            contents [A] Cooperación internacional (None, None) page=Some("3")
            section L1 [I] Introducción
            section L1 [II] Actividades
            section L2 [A] Cooperación internacional
            para Some("1") in [I] items=[] calls=["1"]: El presente informe se presenta en cumplimiento de la resolución 48/7 del Consejo de Derechos Humanos, aprobada en 2021. Abarca el año 2022.
            para Some("2") in [A] items=["a)", "b)"] calls=[]: El ACNUDH: a) Organizó una consulta regional; b) Publicó una guía práctica.
            footnote 1 p3: Resolución 48/7 del Consejo de Derechos Humanos.
        "#]],
    );
}

#[test]
fn russian() {
    check(
        "Организация Объединенных Наций\n\nA/HRC/52/71\n\nГенеральная Ассамблея\n\n\
         Distr.: General\n12 January 2023\nRussian\nOriginal: English\n\n\
         Совет по правам человека\nПятьдесят вторая сессия\n27 февраля — 4 апреля 2023 года\n\
         Пункты 2 и 3 повестки дня\n\
         Ежегодный доклад Верховного комиссара Организации Объединенных Наций по правам человека\n\n\
         Право на развитие\nДоклад Генерального секретаря\n\n\
         GE.23-00467 (R)\n\x0c\
         A/HRC/52/71\n\nСодержание\nСтр.\n\n\
         I.\nВведение .........................................................................................\n3\n\n\
         II.\nДеятельность ...............................................................................\n3\n\n\
         А.\nМеждународное сотрудничество ..............................................\n3\n\n\
         2\nGE.23-00467\n\x0c\
         A/HRC/52/71\n\n\
         I.\nВведение\n\n\
         1.\nНастоящий доклад представляется в соответствии с резолюцией 48/7 Совета по\n\
         правам человека1, принятой в 2021 году. Он охватывает 2022 год.\n\n\
         II.\nДеятельность\n\n\
         А.\nМеждународное сотрудничество\n\n\
         2.\nУправление:\n\
         а)\nпровело региональную консультацию;\n\
         б)\nопубликовало практическое руководство.\n\n\
         1 Резолюция 48/7 Совета по правам человека.\n\n\
         GE.23-00467\n3\n",
        expect![[r#"
            language="ru" symbol="A/HRC/52/71" job="GE.23-00467" body="Совет по правам человека"
            date="12 January 2023" distribution="General" original="English" session="Пятьдесят вторая сессия"
            agenda=[("2", "Ежегодный доклад Верховного комиссара Организации Объединенных Наций по правам человека"), ("3", "")]
            title="Право на развитие Доклад Генерального секретаря"
            contents [I] Введение (None, None) page=Some("3")
            contents [II] Деятельность (None, None) page=Some("3")
            contents [А] Международное сотрудничество (None, None) page=Some("3")
            section L1 [I] Введение
            section L1 [II] Деятельность
            section L2 [А] Международное сотрудничество
            para Some("1") in [I] items=[] calls=["1"]: Настоящий доклад представляется в соответствии с резолюцией 48/7 Совета по правам человека, принятой в 2021 году. Он охватывает 2022 год.
            para Some("2") in [А] items=["а)", "б)"] calls=[]: Управление: а) провело региональную консультацию; б) опубликовало практическое руководство.
            footnote 1 p3: Резолюция 48/7 Совета по правам человека.
        "#]],
    );
}

#[test]
fn arabic() {
    check(
        "الأمم المتحدة\n\nA/HRC/52/71\n\nالجمعية العامة\n\n\
         Distr.: General\n12 January 2023\nArabic\nOriginal: English\n\n\
         مجلس حقوق الإنسان\nالدورة الثانية والخمسون\n\
         البندان 2 و3 من جدول الأعمال\n\
         التقرير السنوي لمفوض الأمم المتحدة السامي لحقوق الإنسان\n\n\
         الحق في التنمية\nتقرير الأمين العام\n\n\
         GE.23-00467 (A)\n\x0c\
         A/HRC/52/71\n\nالمحتويات\nالصفحة\n\n\
         أولاً-\nمقدمة ................................................................................................\n3\n\n\
         ثانياً-\nالأنشطة ............................................................................................\n3\n\n\
         2\nGE.23-00467\n\x0c\
         A/HRC/52/71\n\n\
         أولاً- مقدمة\n\n\
         1-\nيقدم هذا التقرير عملاً بقرار مجلس حقوق الإنسان 48/7(1) المعتمد في عام 2021. ويغطي عام 2022.\n\n\
         ثانياً- الأنشطة\n\n\
         2-\nقامت المفوضية بما يلي:\n\
         (أ)\nتنظيم مشاورة إقليمية؛\n\
         (ب)\nنشر دليل عملي.\n\n\
         (1) قرار مجلس حقوق الإنسان 48/7.\n\n\
         GE.23-00467\n3\n",
        expect![[r#"
            language="ar" symbol="A/HRC/52/71" job="GE.23-00467" body="مجلس حقوق الإنسان"
            date="12 January 2023" distribution="General" original="English" session="الدورة الثانية والخمسون"
            agenda=[("2", "التقرير السنوي لمفوض الأمم المتحدة السامي لحقوق الإنسان"), ("3", "")]
            title="الحق في التنمية تقرير الأمين العام"
            contents [أولاً] مقدمة (None, None) page=Some("3")
            contents [ثانياً] الأنشطة (None, None) page=Some("3")
            section L1 [أولاً] مقدمة
            section L1 [ثانياً] الأنشطة
            para Some("1") in [أولاً] items=[] calls=[]: يقدم هذا التقرير عملاً بقرار مجلس حقوق الإنسان 48/7(1) المعتمد في عام 2021. ويغطي عام 2022.
            para Some("2") in [ثانياً] items=["(أ)", "(ب)", "(1)"] calls=[]: قامت المفوضية بما يلي: (أ) تنظيم مشاورة إقليمية؛ (ب) نشر دليل عملي. (1) قرار مجلس حقوق الإنسان 48/7.
        "#]],
    );
}

#[test]
fn chinese() {
    check(
        "联合国\n\nA/HRC/52/71\n\n大会\n\n\
         Distr.: General\n12 January 2023\nChinese\nOriginal: English\n\n\
         人权理事会\n第五十二届会议\n2023年2月27日至4月4日\n\
         议程项目2和3\n\
         联合国人权事务高级专员年度报告\n\n\
         发展权\n秘书长的报告\n\n\
         GE.23-00467 (C)\n\x0c\
         A/HRC/52/71\n\n目录\n页次\n\n\
         一.\n导言 ..............................................................................................................\n3\n\n\
         二.\n活动 ..............................................................................................................\n3\n\n\
         A.\n国际合作 ......................................................................................................\n3\n\n\
         2\nGE.23-00467\n\x0c\
         A/HRC/52/71\n\n\
         一.\n导言\n\n\
         1.\n本报告根据人权理事会第48/7号决议提交。1\n报告涵盖2022年。\n\n\
         二.\n活动\n\n\
         A.\n国际合作\n\n\
         2.\n人权高专办：\n\
         (a)\n举办了一次区域磋商；\n\
         (b)\n发布了一份实用指南。\n\n\
         1 人权理事会第48/7号决议。\n\n\
         GE.23-00467\n3\n",
        expect![[r#"
            language="zh" symbol="A/HRC/52/71" job="GE.23-00467" body="人权理事会"
            date="12 January 2023" distribution="General" original="English" session="第五十二届会议"
            agenda=[("2", "联合国人权事务高级专员年度报告"), ("3", "")]
            title="发展权 秘书长的报告"
            contents [一] 导言 (None, None) page=Some("3")
            contents [二] 活动 (None, None) page=Some("3")
            contents [A] 国际合作 (None, None) page=Some("3")
            section L1 [一] 导言
            section L1 [二] 活动
            section L2 [A] 国际合作
            para Some("1") in [一] items=[] calls=["1"]: 本报告根据人权理事会第48/7号决议提交。报告涵盖2022年。
            para Some("2") in [A] items=["(a)", "(b)"] calls=[]: 人权高专办： (a) 举办了一次区域磋商； (b) 发布了一份实用指南。
            footnote 1 p3: 人权理事会第48/7号决议。
        "#]],
    );
}

/// Parses a PDF the test wrote and renders it like the text fixtures.
fn check_pdf(bytes: &[u8], expect: Expect) {
    let extracted = paragraphd::extract::pdf::extract(bytes, 1 << 20).expect("pdf extracts");
    expect.assert_eq(&render(&analyze(&extracted)));
}

/// Chinese from a PDF: characters of a composite font read through its `ToUnicode` map, a
/// paragraph's lines joined without a space (no word split or joined wrongly).
#[test]
fn chinese_pdf() {
    let pdf = super::pdf_support::cid_pdf(&[
        (72.0, 780.0, 10.0, "A/HRC/52/71"),
        (72.0, 760.0, 10.0, "人权理事会"),
        (72.0, 740.0, 10.0, "第五十二届会议"),
        (72.0, 700.0, 12.0, "一."),
        (100.0, 700.0, 12.0, "导言"),
        (72.0, 680.0, 10.0, "1."),
        (100.0, 680.0, 10.0, "本报告根据人权理事会第48/7号决议提交，"),
        (100.0, 666.0, 10.0, "报告涵盖2022年的活动。"),
        (72.0, 646.0, 10.0, "2."),
        (100.0, 646.0, 10.0, "人权高专办举办了一次区域磋商。"),
    ]);
    check_pdf(
        &pdf,
        expect![[r#"
        language="zh" symbol="A/HRC/52/71" job="" body="人权理事会"
        date="" distribution="" original="" session="第五十二届会议"
        agenda=[]
        title=""
        section L1 [一] 导言
        para Some("1") in [一] items=[] calls=[]: 本报告根据人权理事会第48/7号决议提交，报告涵盖2022年的活动。
        para Some("2") in [一] items=[] calls=[]: 人权高专办举办了一次区域磋商。
    "#]],
    );
}

/// Arabic as a PDF draws it: glyphs placed right to left, so read left to right each line
/// comes out in visual order (words reversed, numbers not). Extraction turns the lines back.
#[test]
fn arabic_pdf_reads_right_to_left() {
    let lines = [
        (400.0, 780.0, 10.0, "A/HRC/52/71".to_owned()),
        (380.0, 760.0, 10.0, drawn("مجلس حقوق الإنسان")),
        (360.0, 740.0, 10.0, drawn("الدورة الثانية والخمسون")),
        (350.0, 700.0, 12.0, drawn("أولاً - مقدمة")),
        (
            200.0,
            680.0,
            10.0,
            drawn("1 - يقدم هذا التقرير عملاً بقرار مجلس حقوق الإنسان 48/7"),
        ),
        (
            200.0,
            660.0,
            10.0,
            drawn("2 - قامت المفوضية بتنظيم مشاورة إقليمية"),
        ),
    ];
    let lines: Vec<(f32, f32, f32, &str)> = lines
        .iter()
        .map(|(x, y, s, t)| (*x, *y, *s, t.as_str()))
        .collect();
    check_pdf(
        &super::pdf_support::cid_pdf(&lines),
        expect![[r#"
        language="ar" symbol="A/HRC/52/71" job="" body="مجلس حقوق الإنسان"
        date="" distribution="" original="" session="الدورة الثانية والخمسون"
        agenda=[]
        title=""
        section L1 [أولاً] مقدمة
        para Some("1") in [أولاً] items=[] calls=[]: يقدم هذا التقرير عملاً بقرار مجلس حقوق الإنسان 48/7
        para Some("2") in [أولاً] items=[] calls=[]: قامت المفوضية بتنظيم مشاورة إقليمية
    "#]],
    );
}

/// A logical Arabic line in the order a PDF draws it: the runs of digits (and `/`) in reverse
/// order, each kept as it is, the text between them reversed.
fn drawn(logical: &str) -> String {
    let mut runs: Vec<String> = Vec::new();
    for c in logical.chars() {
        let digit = c.is_ascii_digit() || c == '/';
        match runs.last_mut() {
            Some(run)
                if run
                    .chars()
                    .next()
                    .is_some_and(|f| (f.is_ascii_digit() || f == '/') == digit) =>
            {
                run.push(c)
            }
            _ => runs.push(c.to_string()),
        }
    }
    runs.iter()
        .rev()
        .map(|run| {
            if run.starts_with(|c: char| c.is_ascii_digit()) {
                run.clone()
            } else {
                run.chars().rev().collect()
            }
        })
        .collect()
}
