//! Numbers written in words or as ordinals, rewritten as
//! digits so that `Brigade Forty-Four` = `Brigade 44` and `First Bank` =
//! `1st Bank`; digits written for letters in person names (`Ig0r`).
//!
//! Only English number words (and the common misspellings `fourty`,
//! `ninty`): they are the ones found in organisation names written in
//! Latin letters. The rewrite works on folded, latinized words.

/// Value of a cardinal word below twenty, or a tens word.
fn cardinal(w: &str) -> Option<u32> {
    Some(match w {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" | "fourty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" | "ninty" => 90,
        _ => return None,
    })
}

/// Value of an ordinal word below twenty, or a tens ordinal.
fn ordinal(w: &str) -> Option<u32> {
    Some(match w {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "thirtieth" => 30,
        "fortieth" => 40,
        "fiftieth" => 50,
        "sixtieth" => 60,
        "seventieth" => 70,
        "eightieth" => 80,
        "ninetieth" => 90,
        _ => return None,
    })
}

/// `1st`, `22nd`, `3rd`, `44th` → the number; plain digits → the number.
fn digits(w: &str) -> Option<(u32, bool)> {
    let end = w.find(|c: char| !c.is_ascii_digit()).unwrap_or(w.len());
    if end == 0 || end > 9 {
        return None;
    }
    let n: u32 = w[..end].parse().ok()?;
    match &w[end..] {
        "" => Some((n, false)),
        "st" | "nd" | "rd" | "th" => Some((n, true)),
        _ => None,
    }
}

/// A word mixing letters and digits written for letters (`ig0r`, `sech1n`,
/// `i9or`): the digits replaced by the letters they look like. `None` when
/// the word has no digit, fewer letters than digits or is an ordinal
/// (`a320`, `4x4`, `1st` stay).
pub(crate) fn unleet(w: &str) -> Option<String> {
    let letters = w.bytes().filter(u8::is_ascii_alphabetic).count();
    if letters < 2
        || letters * 2 < w.len()
        || !w.bytes().any(|b| b.is_ascii_digit())
        || digits(w).is_some()
    {
        return None;
    }
    w.chars()
        .map(|c| {
            Some(match c {
                '0' => 'o',
                '1' => 'i',
                '3' => 'e',
                '4' => 'a',
                '5' => 's',
                '6' => 'b',
                '7' => 't',
                '8' => 'b',
                '9' => 'g',
                c if c.is_ascii_alphabetic() => c,
                _ => return None,
            })
        })
        .collect()
}

/// Reads the number spelled by the longest run of words starting at
/// `words[0]`: `forty four`, `forty 4`, `one hundred twenty`, `two
/// thousand`, `twenty first`, `1st`. Returns the number and how many words
/// it took, or `None` when `words[0]` starts no number. A run of plain
/// digits alone is left as it is (returns `None`).
pub(crate) fn read_number(words: &[&str]) -> Option<(u64, usize)> {
    let (mut total, mut current) = (0u64, 0u64);
    let mut used = 0;
    let mut words_seen = false;
    // What the last word was, to decide whether the next one continues.
    #[derive(PartialEq)]
    enum Last {
        Start,
        Unit,
        Tens,
        Scale,
    }
    let mut last = Last::Start;
    for w in words {
        // A cardinal or ordinal word continues what came before it.
        let continues = |last: &Last, n: u64| match last {
            Last::Start | Last::Scale => true,
            Last::Tens => n < 10,
            Last::Unit => false,
        };
        if let Some(n) = cardinal(w) {
            let n = u64::from(n);
            if !continues(&last, n) {
                break;
            }
            current += n;
            last = if n >= 20 { Last::Tens } else { Last::Unit };
            words_seen = true;
        } else if let Some(n) = ordinal(w) {
            let n = u64::from(n);
            if !continues(&last, n) {
                break;
            }
            current += n;
            used += 1;
            words_seen = true;
            break;
        } else if let Some((n, ord)) = digits(w) {
            // A digit continues a spelled tens word (`forty 4`) or starts a
            // number when it is an ordinal (`1st`).
            let ok = match last {
                Last::Start => ord,
                Last::Tens => n < 10,
                _ => false,
            };
            if !ok {
                break;
            }
            current += u64::from(n);
            used += 1;
            words_seen |= ord;
            break;
        } else if (*w == "hundred" || *w == "thousand") && last != Last::Start {
            if *w == "hundred" {
                if current % 100 == 0 || current >= 100 {
                    break;
                }
                current *= 100;
            } else {
                total += current * 1000;
                current = 0;
            }
            last = Last::Scale;
        } else {
            break;
        }
        used += 1;
    }
    (words_seen && used > 0).then_some((total + current, used))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Option<(u64, usize)> {
        let w: Vec<&str> = s.split(' ').collect();
        read_number(&w)
    }

    #[test]
    fn spelled_numbers() {
        assert_eq!(read("forty four"), Some((44, 2)));
        assert_eq!(read("fourty four"), Some((44, 2)));
        assert_eq!(read("forty 4"), Some((44, 2)));
        assert_eq!(read("three percenters"), Some((3, 1)));
        assert_eq!(read("first international"), Some((1, 1)));
        assert_eq!(read("twenty first century"), Some((21, 2)));
        assert_eq!(read("one hundred twenty three"), Some((123, 4)));
        assert_eq!(read("two thousand five"), Some((2005, 3)));
        assert_eq!(read("1st bank"), Some((1, 1)));
        assert_eq!(read("22nd"), Some((22, 1)));
        // Two units in a row are two numbers, not one.
        assert_eq!(read("three four"), Some((3, 1)));
        // Plain digits stay as written; words that are no number.
        assert_eq!(read("44"), None);
        assert_eq!(read("hundred"), None);
        assert_eq!(read("bank"), None);
        assert_eq!(read("1a"), None);
    }

    #[test]
    fn digits_for_letters() {
        assert_eq!(unleet("ig0r").as_deref(), Some("igor"));
        assert_eq!(unleet("sech1n").as_deref(), Some("sechin"));
        assert_eq!(unleet("i9or").as_deref(), Some("igor"));
        assert_eq!(unleet("igor"), None);
        assert_eq!(unleet("a320"), None);
        assert_eq!(unleet("4x4"), None);
        assert_eq!(unleet("1st"), None);
    }
}
