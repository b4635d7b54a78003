//! Names written with another form of themselves in parentheses.
//!
//! Lists and users write a name with its original-script form or its
//! aliases inside it: `Ibrahim Hassan Tali Asiri (إبراهيم حسن طالع عسيري)`,
//! `جبهة النصرة (the Victory Front; Jabhat al-Nusrah)`. Compared whole,
//! half of the tokens are missing from any one spelling of the name; each
//! form apart is a name of its own.

use crate::script::{Script, script_of};

/// Annotations the lists put in such parentheses, not names.
const ANNOTATIONS: [&str; 3] = ["original script", "sub-unit name", "formerly"];

/// The names written inside `name` besides itself: the text outside the
/// parentheses and each `;`-separated part inside, when the parentheses
/// hold another script than the rest or a list of names. Empty for any
/// other name (`Deutsche Bank (Schweiz) AG` is one name).
pub fn alternatives(name: &str) -> Vec<&str> {
    let (Some(open), Some(close)) = (name.find('('), name.rfind(')')) else {
        return Vec::new();
    };
    if close < open {
        return Vec::new();
    }
    let inner = &name[open + 1..close];
    let outside = [&name[..open], &name[close + 1..]];
    let latin = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| script_of(c) == Script::Latin)
    };
    let has_letters = |s: &str| s.chars().any(char::is_alphabetic);
    let other_script = latin(inner) != outside.iter().all(|s| latin(s));
    if !(other_script || inner.contains(';')) {
        return Vec::new();
    }
    let mut out = Vec::new();
    // Text on both sides (`X (Y) Z`) is one name cut in two: left out,
    // unless what follows is more names (`X (Y); Z`).
    let listed_after = outside[1].trim_start().starts_with(';');
    let whole_outside = listed_after || !(has_letters(outside[0]) && has_letters(outside[1]));
    let outside = outside.into_iter().filter(|_| whole_outside);
    for part in outside.chain(inner.split(';')).flat_map(|p| p.split(';')) {
        let part = part.trim_matches(|c: char| c.is_whitespace() || c == ',' || c == ';');
        let annotation = ANNOTATIONS.iter().any(|a| part.eq_ignore_ascii_case(a));
        if has_letters(part) && !annotation && part != name {
            out.push(part);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::alternatives;

    #[test]
    fn original_script_and_alias_lists_in_parentheses() {
        assert_eq!(
            alternatives("Ibrahim Hassan Tali Asiri (إبراهيم حسن طالع عسيري)"),
            ["Ibrahim Hassan Tali Asiri", "إبراهيم حسن طالع عسيري"]
        );
        assert_eq!(
            alternatives("جبهة النصرة (the Victory Front; Jabhat al-Nusrah)"),
            ["جبهة النصرة", "the Victory Front", "Jabhat al-Nusrah"]
        );
        assert_eq!(
            alternatives("هيئة تحرير الشام (original script); Hay’at Tahrir al-Sham"),
            ["هيئة تحرير الشام", "Hay’at Tahrir al-Sham"]
        );
    }

    #[test]
    fn a_qualifier_in_the_same_script_is_part_of_the_name() {
        assert!(alternatives("Deutsche Bank (Schweiz) AG").is_empty());
        assert!(alternatives("Kim Jong Un").is_empty());
        assert!(alternatives("a (b").is_empty());
        assert!(alternatives(") x (").is_empty());
        assert_eq!(alternatives("Ali (علي) Hassan"), ["علي"]);
    }
}
