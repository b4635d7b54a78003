//! Which script a character is written in.

/// The script a token was written in before transliteration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// ASCII Latin (after folding), including digits.
    Latin,
    /// Korean Hangul syllables.
    Hangul,
    /// Han characters (Chinese hanzi, Japanese kanji, Korean hanja), read in pinyin.
    Han,
    /// Japanese hiragana/katakana, romanised in Hepburn.
    Kana,
    /// Cyrillic.
    Cyrillic,
    /// Arabic script (Arabic, Persian, Urdu, Pashto), via `any_ascii`, the
    /// article `ال` written apart.
    Arabic,
    /// Hebrew, letter by letter, `ו` and `י` inside a word read as vowels.
    Hebrew,
    /// Anything else (Greek, Indic, Georgian...), via `any_ascii`.
    Other,
}

/// Classifies a folded character.
pub fn script_of(c: char) -> Script {
    match c {
        _ if c.is_ascii() => Script::Latin,
        '\u{AC00}'..='\u{D7A3}' => Script::Hangul,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{3005}' => Script::Han,
        '\u{3041}'..='\u{309F}'
        | '\u{30A0}'..='\u{30FA}'
        | '\u{30FC}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}' => Script::Kana,
        '\u{0400}'..='\u{052F}'
        | '\u{1C80}'..='\u{1C8F}'
        | '\u{2DE0}'..='\u{2DFF}'
        | '\u{A640}'..='\u{A69F}' => Script::Cyrillic,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}' => Script::Arabic,
        '\u{05D0}'..='\u{05EA}' | '\u{FB1D}'..='\u{FB4F}' => Script::Hebrew,
        _ => Script::Other,
    }
}
