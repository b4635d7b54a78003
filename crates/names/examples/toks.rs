//! Prints tokens of names given on the command line (kind first: person, org, vessel, any).
fn main() {
    let mut args = std::env::args().skip(1);
    let kind = match args.next().as_deref() {
        Some("person") => embargo_names::NameKind::Person,
        Some("org") => embargo_names::NameKind::Organization,
        Some("vessel") => embargo_names::NameKind::Vessel,
        _ => embargo_names::NameKind::Any,
    };
    for a in args {
        for t in embargo_names::tokenize(&a, kind) {
            println!("{a}: {} {:?} {}", t.text, t.role, keys(&t));
        }
        for t in embargo_names::tokenize_as_foreign(&a, kind).unwrap_or_default() {
            println!("{a} (as foreign): {} {:?} {}", t.text, t.role, keys(&t));
        }
    }
}

fn keys(t: &embargo_names::Token) -> String {
    let keys: Vec<String> = t.keys.iter().map(ToString::to_string).collect();
    keys.join(" ")
}
