//! The tokens of a name's words: transliterated parts, legal forms,
//! roles (from `words`), keys (from `keys`); and tokens joined.

use crate::data::{legal_forms, org_symbols};
use crate::fold::fold;
use crate::key::{Key, KeyKind};
use crate::keys;
use crate::orthography::squeeze;
use crate::script::Script;
use crate::translit::{CjkWords, Part, run_parts, script_runs};
use crate::words::{COMPANY_WORDS, PARTICLES, STOPWORDS, TITLES, VESSEL_PREFIXES};
use std::collections::HashSet;
use std::sync::OnceLock;

/// What kind of entity a name belongs to; decides which roles apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// A person: titles are recognised, legal forms are not; Hangul names are
    /// split into surname and syllables.
    Person,
    /// A company or other organisation: legal forms are recognised, titles
    /// are not; Hangul words stay whole.
    Organization,
    /// A vessel or aircraft: only stopwords and initials.
    Vessel,
    /// Unknown: titles and legal forms both apply (a legal form never when it
    /// would be the only token).
    Any,
}

/// The role of a token in a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenRole {
    /// A name part: the evidence.
    Name,
    /// A company legal form (`llc`, `ooo`, `gmbh`, `coltd`); `text` is the
    /// canonical compare form.
    LegalForm,
    /// An honorific, rank or title (`mr`, `dr`, `sheikh`, `haji`, `general`).
    Title,
    /// A function word carrying no identity (`of`, `the`, `and`, `y`, `und`).
    Stopword,
    /// A name particle (`al`, `el`, `bin`, `ibn`, `abu`, `van`, `von`, `de`,
    /// `da`, `di`, `du`, `del`, `der`, `la`, `le`): part of the name, often
    /// dropped or glued on (`al-Baghdadi`, `Albaghdadi`, `Baghdadi`). The
    /// matcher should neither require it nor ignore a mismatch entirely.
    /// `al` is *not* a stopword: it is meaningful in Arabic names.
    Particle,
    /// A single letter (`J.`, `R`), probably an initial.
    Initial,
}

/// A comparable name token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// ASCII Latin, lower case, no spaces.
    pub text: String,
    /// Equivalence keys: two tokens sharing a key are variants of each
    /// other. [`KeyKind`] lists the kinds, markers included, and what
    /// each is for.
    pub keys: Vec<Key>,
    /// Role of the token in the name.
    pub role: TokenRole,
    /// Script the token was written in.
    pub script: Script,
}

impl Token {
    /// Builds a name token from ASCII text, computing its keys.
    ///
    /// ```
    /// use embargo_names::{Token, Script, TokenRole};
    /// let t = Token::name("jongun", Script::Latin);
    /// use embargo_names::{Key, KeyKind};
    /// assert!(t.keys.contains(&Key::new(KeyKind::Korean, "jeong.eun")));
    /// assert_eq!(t.role, TokenRole::Name);
    /// ```
    pub fn name(text: &str, script: Script) -> Token {
        let mut t = Token {
            text: text.to_owned(),
            keys: Vec::new(),
            role: TokenRole::Name,
            script,
        };
        add_keys(&mut t, None);
        t
    }

    /// The texts of the keys of one kind, in order.
    pub fn keys_of(&self, kind: KeyKind) -> impl Iterator<Item = &str> + '_ {
        (self.keys.iter())
            .filter(move |k| k.kind == kind)
            .map(|k| k.text.as_str())
    }

    /// True when the token carries a key (or marker) of this kind.
    pub fn has(&self, kind: KeyKind) -> bool {
        self.keys.iter().any(|k| k.kind == kind)
    }

    /// True when this token was written in Hangul (its Korean key is exact).
    pub fn is_hangul(&self) -> bool {
        self.script == Script::Hangul
    }

    /// The exact key of a Han-written token (its characters, simplified).
    pub fn han_key(&self) -> Option<&str> {
        if self.script == Script::Han {
            self.keys_of(KeyKind::Han).next()
        } else {
            None
        }
    }
}

/// True when a katakana word (as romaji) is a title as Japanese writes it
/// (`ムラー` mullah, `ハッジ` hajji, `ドクター` doctor): its folded romaji,
/// doubled letters written once, is the katakana reading of a title.
fn is_kana_title(romaji: &str) -> bool {
    static CELL: OnceLock<HashSet<String>> = OnceLock::new();
    let set = CELL.get_or_init(|| kana_readings(TITLES.iter().filter(|t| t.len() >= 4)));
    set.contains(squeeze(romaji).as_ref())
}

/// The katakana readings of words, as [`is_kana_title`] compares them:
/// long vowels and doubled consonants written once; `di` stays `di`
/// (`ハディ` is the name Hadi, not `haji`).
pub(crate) fn kana_readings<'a>(words: impl Iterator<Item = &'a &'a str>) -> HashSet<String> {
    words
        .map(|w| squeeze(&crate::kana::reading(w)).into_owned())
        .collect()
}

/// The English function word a katakana word writes (its romaji), as
/// Japanese writes them in names of organisations (`バンク・オブ・イースト
/// ・ランド` Bank of East Land, `ザ・モノスィズム・アンド・ジハード・グループ`).
fn kana_function_word(romaji: &str) -> Option<&'static str> {
    Some(match romaji {
        "obu" => "of",
        "za" => "the",
        "ando" | "endo" => "and",
        "foo" => "for",
        "atto" => "at",
        _ => return None,
    })
}

/// [`tokenize`] of a name already folded.
pub(crate) fn tokenize_folded(folded: &str, kind: NameKind, hangul: CjkWords) -> Vec<Token> {
    let legal = matches!(kind, NameKind::Organization | NameKind::Any);
    // Parts, with a legal form already resolved for non-Latin one-word aliases.
    let mut parts: Vec<(Part, Option<crate::data::LegalForm>)> = Vec::new();
    let forms = legal.then(legal_forms);
    let mut buf = Vec::new();
    for word in folded.split(' ').filter(|w| !w.is_empty()) {
        if let Some(forms) = forms
            && !word.is_ascii()
            && let Some(f) = forms.original.get(word)
        {
            parts.push((
                Part {
                    text: f.canonical.to_owned(),
                    script: Script::Other,
                    exact_key: None,
                    loan: Vec::new(),
                },
                Some(*f),
            ));
            continue;
        }
        for (script, run) in script_runs(word) {
            buf.clear();
            run_parts(script, run, hangul, &mut buf);
            parts.extend(buf.drain(..).map(|p| (p, None)));
        }
    }

    let parts = rewrite_parts(parts, kind);

    let mut tokens = Vec::with_capacity(parts.len());
    let mut i = 0;
    while i < parts.len() {
        // Longest multi-word Latin legal form starting at i.
        if let Some(forms) = forms
            && parts[i].1.is_none()
            && (kind == NameKind::Organization || parts.len() > 1)
        {
            let mut found = None;
            let max = forms.max_words.min(parts.len() - i);
            let mut key = String::new();
            for n in 1..=max {
                if parts[i + n - 1].1.is_some() {
                    break;
                }
                if n > 1 {
                    key.push(' ');
                }
                key.push_str(&parts[i + n - 1].0.text);
                if let Some(f) = forms.latin.get(key.as_str()) {
                    found = Some((n, *f));
                }
            }
            // A short one-word form (`sa`, `as`, `ag`) only at either end.
            let at_end = i == 0 || i + 1 == parts.len();
            if let Some((n, f)) = found
                && (kind == NameKind::Organization || n < parts.len())
                && (n > 1 || parts[i].0.text.len() > 3 || at_end)
            {
                let mut t = legal_token(f);
                if n == 1 {
                    keys::written_reading(&mut t.keys, &parts[i].0);
                }
                tokens.push(t);
                i += n;
                continue;
            }
        }
        let (part, form) = &parts[i];
        i += 1;
        if let Some(f) = form {
            tokens.push(legal_token(*f));
            continue;
        }
        // English function words written in katakana (`オブ` of, `ザ` the)
        // in names of organisations or of unknown kind (not people's).
        let function_word = (part.script == Script::Kana && kind != NameKind::Person)
            .then(|| kana_function_word(&part.text))
            .flatten();
        let text = function_word.unwrap_or(part.text.as_str());
        // Titles are words of Latin-script languages (and Cyrillic ones,
        // latinised): `مر` latinises to `mr`.
        let latin_word = matches!(part.script, Script::Latin | Script::Cyrillic);
        let person_like = matches!(kind, NameKind::Person | NameKind::Any);
        let role = if person_like
            && ((latin_word && TITLES.contains(&text))
                || (part.script == Script::Kana && is_kana_title(text)))
        {
            TokenRole::Title
        } else if part.script == Script::Hangul {
            TokenRole::Name
        } else if STOPWORDS.contains(&text) && text.len() > 1 {
            TokenRole::Stopword
        } else if PARTICLES.contains(&text) {
            TokenRole::Particle
        } else if text.len() == 1 && latin_word && text.as_bytes()[0].is_ascii_alphabetic() {
            if kind != NameKind::Person && STOPWORDS.contains(&text) {
                TokenRole::Stopword
            } else {
                TokenRole::Initial
            }
        } else {
            TokenRole::Name
        };
        // Generic organisation words in one form across languages and
        // spellings (`company`, `compania` → `co`; `banco` → `bank`).
        // Arabic-script generic words are looked up apart (see `gen_data`).
        let symbols = if part.script == Script::Arabic {
            &org_symbols().arabic
        } else {
            &org_symbols().latin
        };
        let symbol = symbols.get(text).filter(|_| {
            role == TokenRole::Name
                && part.script != Script::Hangul
                && matches!(kind, NameKind::Organization | NameKind::Any)
        });
        // `company`, `corporation` and their translations say what kind of
        // body it is, like a legal form, and are used interchangeably
        // (`Homs Refinery Corporation` = `The Homs Refinery Company`).
        if let Some(&sym) = symbol
            && COMPANY_WORDS.contains(&sym)
            && parts.len() > 1
        {
            let mut t = Token {
                text: sym.to_owned(),
                keys: vec![Key::new(KeyKind::LegalForm, "company")],
                role: TokenRole::LegalForm,
                script: Script::Latin,
            };
            keys::written_reading(&mut t.keys, part);
            tokens.push(t);
            continue;
        }
        let text = match (symbol, function_word) {
            (Some(s), _) => (*s).to_owned(),
            (None, Some(w)) => w.to_owned(),
            (None, None) => part.text.clone(),
        };
        let mut t = Token {
            text,
            keys: Vec::new(),
            role,
            script: part.script,
        };
        if matches!(
            role,
            TokenRole::Name | TokenRole::Initial | TokenRole::Particle
        ) {
            add_keys(&mut t, part.exact_key.as_ref());
            keys::loan_keys(&mut t.keys, &part.loan);
        } else {
            keys::written_reading(&mut t.keys, part);
        }
        // A generic word's reading is that of the word written (`trading`,
        // not its symbol `trade`).
        if symbol.is_some() {
            t.keys.retain(|k| k.kind != KeyKind::Reading);
            keys::written_reading(&mut t.keys, part);
        }
        tokens.push(t);
    }
    tokens = merge_abd(tokens);
    if matches!(kind, NameKind::Organization | NameKind::Vessel) {
        tokens = merge_acronyms(tokens);
    }
    // `MV Hellenic Spirit` is the vessel `Hellenic Spirit`: the prefix says
    // what kind of ship it is.
    if kind == NameKind::Vessel
        && tokens.len() > 1
        && VESSEL_PREFIXES.contains(&tokens[0].text.as_str())
    {
        tokens[0].role = TokenRole::Title;
        tokens[0].keys.clear();
    }
    // A Chinese name in Wade–Giles (`Hsi Chin-ping`): its tokens carry
    // their pinyin readings (`xi`, `jin`...).
    let latin_name = |t: &Token| t.script == Script::Latin && t.role == TokenRole::Name;
    if tokens
        .iter()
        .any(|t| latin_name(t) && crate::wadegiles::is_marked(&t.text))
    {
        for t in tokens.iter_mut().filter(|t| latin_name(t)) {
            keys::pinyin_keys(&mut t.keys, &t.text);
        }
    }
    // A name made only of titles/stopwords keeps them as names.
    if !tokens.is_empty()
        && tokens
            .iter()
            .all(|t| matches!(t.role, TokenRole::Title | TokenRole::Stopword))
    {
        for t in &mut tokens {
            as_name(t);
        }
    }
    tokens
}

/// A token read as a title or stopword, read as a name after all.
pub(crate) fn as_name(t: &mut Token) {
    t.role = TokenRole::Name;
    add_keys(t, None);
}

/// The tokens of a name without the lookups [`tokenize`] adds (places in
/// parentheses, titles by position): what the place table is built with.
pub(crate) fn tokenize_plain(name: &str, kind: NameKind) -> Vec<Token> {
    tokenize_folded(&fold(name), kind, CjkWords::Whole)
}

type Parts = Vec<(Part, Option<crate::data::LegalForm>)>;

/// True for a part written in Latin letters (or digits) with no legal form.
fn plain_latin(p: &(Part, Option<crate::data::LegalForm>)) -> bool {
    p.1.is_none() && p.0.script == Script::Latin
}

fn latin_part(text: String) -> (Part, Option<crate::data::LegalForm>) {
    (
        Part {
            text,
            script: Script::Latin,
            exact_key: None,
            loan: Vec::new(),
        },
        None,
    )
}

/// Rewrites parts before roles are given:
/// * numbers in words or ordinals become digits (`forty four`, `forty 4`
///   → `44`; `first`, `1st` → `1`), except in person names;
/// * in person names, digits inside a word become the letters they look
///   like (`Ig0r Sech1n` → `igor sechin`).
fn rewrite_parts(parts: Parts, kind: NameKind) -> Parts {
    let numbers = kind != NameKind::Person;
    let mut parts = parts;
    // (see `merge_acronyms` for single letters: after legal forms.)
    if kind == NameKind::Person {
        for p in parts.iter_mut().filter(|p| plain_latin(p)) {
            if let Some(t) = crate::numbers::unleet(&p.0.text) {
                p.0.text = t;
            }
        }
    }
    if !numbers {
        return parts;
    }
    let mut out: Parts = Vec::with_capacity(parts.len());
    let mut i = 0;
    while i < parts.len() {
        if !plain_latin(&parts[i]) {
            out.push(parts[i].clone());
            i += 1;
            continue;
        }
        if numbers {
            let words: Vec<&str> = parts[i..]
                .iter()
                .take(8)
                .take_while(|p| plain_latin(p))
                .map(|p| p.0.text.as_str())
                .collect();
            if let Some((n, used)) = crate::numbers::read_number(&words) {
                out.push(latin_part(n.to_string()));
                i += used;
                continue;
            }
        }
        out.push(parts[i].clone());
        i += 1;
    }
    out
}

/// `Abd al-Aziz`, `Abd ar-Rahman`, `ABD EL AZIZ`, `عبد العزيز` are written `Abdul Aziz`,
/// `Abdel Aziz` or `Abdulaziz` as often: `abd` and the article after it
/// become one token `abdul`, so the article is not taken for the `al` of a
/// family name and the name part compares with its other spellings.
fn merge_abd(tokens: Vec<Token>) -> Vec<Token> {
    // Katakana writes them アブド・アル (romaji `abudo al`) or アブドゥル.
    let is_abd = |t: &Token| match t.script {
        Script::Kana => t.text == "abudo",
        Script::Arabic => t.text == "bd",
        _ => t.text == "abd" && t.role == TokenRole::Name,
    };
    if !tokens.iter().any(is_abd) {
        return tokens;
    }
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut it = tokens.into_iter().peekable();
    while let Some(t) = it.next() {
        let article = it.peek().is_some_and(|n| match t.script {
            Script::Kana => {
                n.script == Script::Kana && matches!(n.text.as_str(), "al" | "el" | "ul")
            }
            _ => {
                n.role == TokenRole::Particle
                    && matches!(
                        n.text.as_str(),
                        "al" | "el" | "ul" | "ad" | "ar" | "as" | "ash" | "at" | "az" | "ed"
                    )
            }
        });
        if is_abd(&t) && article {
            it.next();
            out.push(match t.script {
                Script::Kana => Token::name("abuduru", Script::Kana),
                _ => Token::name("abdul", Script::Latin),
            });
        } else {
            out.push(t);
        }
    }
    out
}

/// In organisation and vessel names, a run of two or more single letters
/// (initials, or `a`, `i`, `y` taken for stopwords) is one acronym: `A.B.C.
/// Company` → `abc company`, so `ABC Co.` matches it and `C.B.A.` does not.
/// A tail of the run spelling a legal form is that form (`Fund V L.P.` →
/// `fund v lp`, `lp` a legal form).
fn merge_acronyms(tokens: Vec<Token>) -> Vec<Token> {
    let single = |t: &Token| {
        matches!(t.role, TokenRole::Initial | TokenRole::Stopword)
            && t.script == Script::Latin
            && t.text.len() == 1
            && t.text.as_bytes()[0].is_ascii_alphabetic()
    };
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let run = tokens[i..].iter().take_while(|t| single(t)).count();
        if run >= 2 {
            // The longest tail of the run spelling a legal form (`l p`).
            let run_tokens = &tokens[i..i + run];
            let form = (0..run - 1).find_map(|start| {
                let f = legal_forms()
                    .latin
                    .get(joined(&run_tokens[start..]).as_str())?;
                Some((start, *f))
            });
            let letters = form.map_or(run, |(start, _)| start);
            match letters {
                0 => {}
                1 => out.push(run_tokens[0].clone()),
                _ => out.push(Token::name(&joined(&run_tokens[..letters]), Script::Latin)),
            }
            if let Some((_, f)) = form {
                out.push(legal_token(f));
            }
            i += run;
        } else {
            out.push(tokens[i].clone());
            i += 1;
        }
    }
    out
}

fn legal_token(f: crate::data::LegalForm) -> Token {
    Token {
        text: f.canonical.to_owned(),
        keys: vec![Key::new(KeyKind::LegalForm, f.generic)],
        role: TokenRole::LegalForm,
        script: Script::Latin,
    }
}

/// Joins the texts of tokens (`["jong", "un"]` → `"jongun"`).
///
/// ```
/// let t = embargo_names::tokenize("Kim Jong-un", embargo_names::NameKind::Person);
/// assert_eq!(embargo_names::joined(&t[1..]), "jongun");
/// ```
pub fn joined(tokens: &[Token]) -> String {
    tokens.iter().map(|t| t.text.as_str()).collect()
}

/// Merges consecutive tokens into one name token, as if written joined
/// (`Jong Un` → `Jongun`, `Al Baghdadi` → `Albaghdadi`).
///
/// Keys are those of the joined text; joined Han tokens keep the exact key
/// of their characters ([`KeyKind::Han`]); when every part carries Korean
/// keys, the concatenations of the parts' Korean keys are added, so joining
/// two Hangul syllables keeps their exact key (`정`+`은` → `jeong.eun`,
/// which 종+은 does not share).
///
/// ```
/// use embargo_names::{tokenize, join_tokens, KeyKind, NameKind};
/// let a = tokenize("Kim Jong Un", NameKind::Person);
/// let b = tokenize("Kim Jongun", NameKind::Person);
/// let j = join_tokens(&a[1..]);
/// assert_eq!(j.text, "jongun");
/// assert!(j.keys.iter().any(|k| k.kind == KeyKind::Korean && b[1].keys.contains(k)));
/// ```
pub fn join_tokens(tokens: &[Token]) -> Token {
    let text = joined(tokens);
    let all_hangul = !tokens.is_empty() && tokens.iter().all(Token::is_hangul);
    // Han tokens joined keep their characters: the Han key of the concatenation.
    let han_key: Option<Key> = (!tokens.is_empty())
        .then(|| {
            tokens
                .iter()
                .map(Token::han_key)
                .collect::<Option<String>>()
        })
        .flatten()
        .map(|k| Key::new(KeyKind::Han, k));
    let script = if all_hangul {
        Script::Hangul
    } else if han_key.is_some() {
        Script::Han
    } else if tokens.iter().all(|t| t.script == Script::Kana) && !tokens.is_empty() {
        Script::Kana
    } else {
        Script::Latin
    };
    let mut t = Token {
        text,
        keys: Vec::new(),
        role: TokenRole::Name,
        script,
    };
    let korean = keys::joined_korean(tokens.iter().map(|p| p.keys.as_slice()));
    if all_hangul {
        // Exact already; the Latin readings of the text would blur 정/종.
        t.keys = korean.unwrap_or_default();
        let mut rest = Vec::new();
        keys::name_keys(&mut rest, &t.text, t.script, None);
        t.keys.extend(rest);
    } else {
        add_keys(&mut t, han_key.as_ref());
        for k in korean.into_iter().flatten() {
            if !t.keys.contains(&k) {
                t.keys.push(k);
            }
        }
    }
    t
}

/// Appends the keys of a name token (see [`keys::name_keys`]).
fn add_keys(t: &mut Token, exact: Option<&Key>) {
    keys::name_keys(&mut t.keys, &t.text, t.script, exact);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize;

    fn texts(t: &[Token]) -> Vec<&str> {
        t.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn abd_and_its_article_are_abdul() {
        let texts = |n: &str| -> Vec<String> {
            tokenize(n, NameKind::Person)
                .into_iter()
                .map(|t| t.text)
                .collect()
        };
        assert_eq!(texts("Abd al-Aziz"), ["abdul", "aziz"]);
        assert_eq!(
            texts("ABD AR-RAHMAN al-Jahni"),
            ["abdul", "rahman", "al", "jahni"]
        );
        assert_eq!(texts("Abd Aziz"), ["abd", "aziz"]);
        assert_eq!(
            texts("アブド・アル・アジーズ"),
            texts("アブドゥル・アジーズ")
        );
    }

    #[test]
    fn legal_forms_recognised() {
        for (name, canon) in [
            ("Acme Co., Ltd.", "coltd"),
            ("Acme LLC", "llc"),
            ("OOO Romashka", "ooo"),
            ("ООО Ромашка", "ooo"),
            ("トヨタ自動車 株式会社", "jsc"),
            ("Siemens GmbH", "gmbh"),
            ("Tornado Joint Stock Company", "jsc"),
        ] {
            let t = tokenize(name, NameKind::Organization);
            let lf: Vec<&Token> = t
                .iter()
                .filter(|t| t.role == TokenRole::LegalForm)
                .collect();
            assert_eq!(lf.len(), 1, "{name}: {:?}", texts(&t));
            assert_eq!(lf[0].text, canon, "{name}");
        }
        let t = tokenize("LLC", NameKind::Any);
        assert_eq!(t[0].role, TokenRole::Name);
        let t = tokenize("Kim LLC", NameKind::Person);
        assert!(t.iter().all(|t| t.role != TokenRole::LegalForm));
    }

    #[test]
    fn han_exact_keys() {
        let key = |s: &str| -> Vec<Option<String>> {
            tokenize(s, NameKind::Person)
                .iter()
                .map(|t| t.han_key().map(str::to_owned))
                .collect()
        };
        assert_eq!(
            key("習近平"),
            [Some("习".to_owned()), Some("近平".to_owned())]
        );
        assert_eq!(key("習近平"), key("习近平"));
        assert_ne!(key("习近朋"), key("习近平"));
        assert_ne!(key("高石早苗"), key("高市早苗"));
        // The romanised text and the other keys are unchanged.
        let t = tokenize("習近平", NameKind::Person);
        assert_eq!(t[1].text, "jinping");
        assert!(t[1].has(KeyKind::Phonetic));
        // Latin and Hangul tokens have no Han key; Hangul keeps its own.
        assert_eq!(key("Xi Jinping"), [None, None]);
        let k = tokenize("김정은", NameKind::Person);
        assert_eq!(k[0].keys.first(), Some(&Key::new(KeyKind::Korean, "gim")));
        assert!(k.iter().all(|t| !t.has(KeyKind::Han)));
    }

    #[test]
    fn roles() {
        let t = tokenize("Sheikh Abu Bakr al-Baghdadi J.", NameKind::Person);
        let roles: Vec<TokenRole> = t.iter().map(|t| t.role).collect();
        assert_eq!(
            roles,
            [
                TokenRole::Title,
                TokenRole::Particle,
                TokenRole::Name,
                TokenRole::Particle,
                TokenRole::Name,
                TokenRole::Initial
            ]
        );
        let t = tokenize("Bank of the Republic", NameKind::Organization);
        assert_eq!(t[1].role, TokenRole::Stopword);
        assert_eq!(t[2].role, TokenRole::Stopword);
        let t = tokenize("General", NameKind::Person);
        assert_eq!(t[0].role, TokenRole::Name);
    }

    #[test]
    fn numbers_as_digits() {
        let org = |s| texts(&tokenize(s, NameKind::Organization)).join(" ");
        assert_eq!(org("Brigade Forty-Four"), "brigade 44");
        assert_eq!(org("Brigade Forty 4"), "brigade 44");
        assert_eq!(org("Brigade 44"), "brigade 44");
        assert_eq!(
            org("1st International Bank"),
            org("First International Bank")
        );
        assert_eq!(org("Three Percenters"), "3 percenters");
        // Roman numerals stay letters (`vii`~`viii` are near, `7`~`8` not).
        assert_eq!(
            org("Citigroup Capital Trust XV"),
            "citigroup capital trust xv"
        );
        // Person names: digits inside words are letters, words stay words.
        let person = |s| texts(&tokenize(s, NameKind::Person)).join(" ");
        assert_eq!(person("Ig0r Sech1n"), "igor sechin");
        assert_eq!(person("I9or 5ergei"), "igor sergei");
        assert_eq!(person("John First"), "john first");
        let vessel = texts(&tokenize("Boeing 737", NameKind::Vessel)).join(" ");
        assert_eq!(vessel, "boeing 737");
    }

    #[test]
    fn acronyms_joined() {
        let t = tokenize("A.B.C. Company", NameKind::Organization);
        assert_eq!(t[0].text, "abc");
        assert_eq!(t[0].role, TokenRole::Name);
        let t = tokenize("L & H Sweden AB", NameKind::Organization);
        assert_eq!(t[0].text, "lh");
        // A legal form made of letters stays a legal form.
        let t = tokenize("Partners V L.P.", NameKind::Organization);
        assert_eq!(texts(&t), ["partner", "v", "lp"]);
        assert_eq!(t[2].role, TokenRole::LegalForm);
        // Person initials stay initials.
        let t = tokenize("J. R. Smith", NameKind::Person);
        assert_eq!(texts(&t), ["j", "r", "smith"]);
        assert_eq!(t[0].role, TokenRole::Initial);
    }

    #[test]
    fn generic_org_words() {
        let org = |s| texts(&tokenize(s, NameKind::Organization)).join(" ");
        assert_eq!(org("First Bank Int'l"), "1 bank intl");
        assert_eq!(org("First International Bank"), "1 intl bank");
        assert_eq!(org("National Bank"), "natl bank");
        assert_eq!(org("Banco Nacional"), "bank natl");
        assert_eq!(
            org("Муромский приборостроительный завод"),
            "muromskiy instrmak factory"
        );
        assert_eq!(org("Acme Corporation"), org("Acme Corp"));
        // Person names keep their words.
        let any = texts(&tokenize("Saiful Islam", NameKind::Any)).join(" ");
        assert_eq!(any, "saiful islam");
        let person = texts(&tokenize("Juan Banco", NameKind::Person)).join(" ");
        assert_eq!(person, "juan banco");
    }

    #[test]
    fn nickname_keys() {
        let n = |s: &str| -> Vec<String> {
            tokenize(s, NameKind::Person)[0]
                .keys_of(KeyKind::Nickname)
                .map(str::to_owned)
                .collect()
        };
        let shared = |a: &str, b: &str| n(a).iter().any(|k| n(b).contains(k));
        assert!(shared("Bob", "Robert"));
        assert!(shared("Ted", "Theodore"));
        assert!(shared("Ted", "Edward"));
        assert!(!shared("Bob", "Edward"));
        assert!(n("Vladimir").is_empty());
    }

    #[test]
    fn titles_that_are_surnames() {
        let roles = |name: &str| -> Vec<TokenRole> {
            tokenize(name, NameKind::Person)
                .iter()
                .map(|t| t.role)
                .collect()
        };
        use TokenRole::{Name, Title};
        assert_eq!(roles("Mark Bishop"), [Name, Name]);
        assert_eq!(roles("Stephen King"), [Name, Name]);
        assert_eq!(roles("KING, Stephen"), [Name, Name]);
        assert_eq!(roles("SHEIKH, Muhammad Naeem"), [Name, Name, Name]);
        assert_eq!(roles("Bishop Desmond Tutu"), [Title, Name, Name]);
        assert_eq!(roles("Sheikh Muhammad Naeem"), [Title, Name, Name]);
        assert_eq!(roles("TUTU, Bishop Desmond"), [Name, Title, Name]);
        assert_eq!(roles("HASSAN, Sheikh"), [Name, Title]);
        assert_eq!(roles("Putyin elnök"), [Name, Title]);
    }

    #[test]
    fn titles_in_other_languages() {
        for name in [
            "Präsident Barack Obama",
            "Monsieur Barack Obama",
            "Президент Барак Обама",
            "Predsjednik Barack Obama",
            "ムラー・オマル",
            "ハッジ・イブラヒム",
        ] {
            let t = tokenize(name, NameKind::Person);
            assert_eq!(t[0].role, TokenRole::Title, "{name}");
            assert_eq!(t[1].role, TokenRole::Name, "{name}");
        }
        // A name that reads like a title once `di` is folded to `ji`.
        let t = tokenize("ハディ・サヒブ", NameKind::Person);
        assert_eq!(t[0].role, TokenRole::Name);
    }

    #[test]
    fn hangul_tokens() {
        let t = tokenize("김정은", NameKind::Person);
        assert_eq!(texts(&t), ["kim", "jong", "un"]);
        assert_eq!(t[1].keys[0], Key::new(KeyKind::Korean, "jeong"));
        let t = tokenize("조선광선은행", NameKind::Organization);
        assert_eq!(t.len(), 1);
    }
}
